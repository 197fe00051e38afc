import Catalogs
import ComplianceCore
import Foundation
import TestSupport
import Testing
import WebViews

/// Every other page as people see it (issue 10, item 7), from fixed models built on the same
/// engagement as the report snapshots, against reviewed snapshots in `__Snapshots__/`.
@Suite("Programme pages as people see them")
struct ProgrammePageSnapshotTests {
    static let day = DocumentSnapshotTests.issued
    static let today = Day("2026-07-02")!
    static func id(_ n: Int) -> UUID { DocumentSnapshotTests.id(n) }
    static let acme = PageSnapshotTests.acme
    static func shell(_ active: String) -> Shell.Model {
        Shell.Model(
            userName: "Olivia Owner", userEmail: "olivia@acme.example", csrfToken: "csrf-token-fixed",
            current: .init(slug: "acme-cloud", name: "Acme Cloud", standing: "owner"),
            organizations: [.init(slug: "acme-cloud", name: "Acme Cloud", standing: "owner")], active: active)
    }
    static let content = ProgrammeContent.bundled

    static func check(_ html: String, _ name: String) {
        if let mismatch = Snapshot.mismatch(html, named: name) { Issue.record(Comment(rawValue: mismatch)) }
    }

    /// The report fixtures' Type 2 engagement, its controls and tests (one exception).
    static func world() throws -> ReportBuilder.Inputs {
        try DocumentSnapshotTests.inputs(.type2, standards: [.atc205], failing: true)
    }

    static func requests(_ engagement: Engagement) -> [RequestItem] {
        RequestListGenerator.lines(content.requests, for: engagement.scope).prefix(6).enumerated().map { index, line in
            RequestItem(
                id: id(200 + index), engagementID: engagement.id, number: String(format: "IRL-%03d", index + 1), key: line.key, area: line.area,
                title: line.title, provide: line.provide, kind: line.kind, criteria: line.criteria, dueDate: Day("2026-07-15"),
                owner: index == 0 ? "erin@acme.example" : nil, status: index < 2 ? .provided : .open)
        }
    }

    static func evidence() throws -> [EvidenceItem] {
        let version = EvidenceVersion(
            id: id(300), itemID: id(301), number: 2, sha256: String(repeating: "ab", count: 32), size: 2048, contentType: "text/csv",
            fileName: "access-review-q2.csv", period: try EvidencePeriod(parsing: "2026-04-01..2026-06-30"),
            source: EvidenceSource(kind: .upload, actor: "olivia@acme.example"), rowCount: 42, createdAt: day)
        return [
            EvidenceItem(
                id: id(301), organizationID: acme.id, title: "Quarterly access review, Q2", description: "Every account reviewed by its manager.",
                controls: ["ACC-04"], criteria: ["CC6.2", "CC6.3"], requests: ["IRL-001"], frequency: .quarterly, status: .approved,
                reviewer: "adam@acme.example", reviewComment: "Complete.", createdAt: day, latest: version),
            EvidenceItem(
                id: id(302), organizationID: acme.id, title: "Penetration test 2025", description: "", controls: [], criteria: ["CC4.1"],
                requests: [], frequency: .annual, status: .notReady, reviewer: nil, reviewComment: nil,
                createdAt: day.addingTimeInterval(-400 * 86_400),
                latest: nil),
        ]
    }

    @Test func dashboardEventsAndCriteria() throws {
        let inputs = try Self.world()
        let report = ReadinessReport.compute(
            engagement: inputs.engagement, catalog: inputs.catalog, controls: inputs.controls, policies: [], policyTemplates: Self.content.policies,
            evidence: [], now: Self.day)
        let event = ChangeEvent(
            organizationID: Self.acme.id, sequence: 7, actor: .cli("olivia"), entityType: "control", entityID: "ops-03", action: "status_changed",
            stateDigest: String(repeating: "0", count: 64), occurredAt: Self.day, previousHash: ChangeEvent.genesisHash)
        Self.check(
            DashboardPage.render(
                .init(
                    organization: Self.acme, standing: "owner", memberCounts: [("owner", 1), ("member", 4)],
                    criteriaByCategory: [(.security, 33), (.availability, 3)], recentEvents: [event],
                    readiness: ("SOC 2 FY2026", report, [ReadinessSnapshot(report)]),
                    notifications: [
                        ComplianceCore.Notification(
                            id: Self.id(40), userID: Self.id(41), text: "Alex returned IRL-002: the export has no dates.", path: "programme",
                            at: Self.day)
                    ], csrf: "t"), shell: Self.shell("dashboard")),
            "dashboard.html")
        let firm = Organization(id: Self.id(3), slug: try Slug("assure"), name: "Assure LLP", kind: .auditFirm, createdAt: Self.day)
        var home = DashboardPage.Model(
            organization: firm, standing: "member", memberCounts: [("member", 2)], criteriaByCategory: [(.security, 33)], recentEvents: nil)
        home.clients = [
            .init(
                client: "Acme Cloud", clientSlug: "acme-cloud", engagement: "SOC 2 FY2026", engagementID: "e1", period: "2026-01-01 to 2026-06-30",
                report: "management review", openRequests: 3, overdueRequests: 1,
                blockers: ["OPS-03: the reviewer has not signed the test.", "Management has not accepted the assertion."], archived: false),
            .init(
                client: "Acme Cloud", clientSlug: "acme-cloud", engagement: "SOC 2 FY2025", engagementID: "e0", period: "2025-01-01 to 2025-06-30",
                report: "issued", openRequests: 0, overdueRequests: 0, blockers: [], archived: true),
        ]
        Self.check(DashboardPage.render(home, shell: Self.shell("dashboard")), "firm-home.html")
        Self.check(
            EventsPage.render(
                .init(organization: Self.acme, events: [event], nextBefore: 7, chainProblems: [], names: ["cli:olivia": "olivia (command line)"]),
                shell: Self.shell("events")),
            "events.html")
        let catalog = CatalogLoader.bundled
        Self.check(
            CriteriaPage.render(
                .init(
                    catalogName: catalog.name, catalogID: catalog.id, query: "access", category: .security, groups: catalog.groups,
                    criteria: catalog.criteria.filter { $0.id.hasPrefix("CC6.") }), shell: Self.shell("criteria")),
            "criteria.html")
    }

    @Test func accountPages() {
        Self.check(SecurityPage.render(.init(totpEnabled: false), shell: Self.shell("security")), "security.html")
        Self.check(
            SecurityPage.render(
                .init(totpEnabled: true, recoveryCodes: ["abcd-efgh", "ijkl-mnop"], remainingRecoveryCodes: 2), shell: Self.shell("security")),
            "security-enabled.html")
        Self.check(
            TokensPage.render(
                .init(
                    rows: [
                        .init(
                            id: "t1", name: "ci", prefix: "att_1a2b", created: "2 Jul 2026", lastUsed: "never", status: "active", revocable: true)
                    ], newSecret: "att_1a2b-secret-shown-once"), shell: Self.shell("tokens")),
            "tokens.html")
        Self.check(MessagePage.render(title: "Not found", message: "There is no such page here.", shell: Self.shell("")), "message.html")
    }

    @Test func evidencePages() throws {
        let items = try Self.evidence()
        Self.check(
            EvidenceListPage.render(
                .init(
                    organization: Self.acme, items: items, now: Self.day, filter: (control: "", criterion: "", status: "", freshness: "", asOf: ""),
                    canUpload: true), shell: Self.shell("evidence")),
            "evidence-list.html")
        Self.check(
            EvidenceItemPage.render(
                .init(
                    organization: Self.acme, item: items[0], versions: [items[0].latest!], now: Self.day,
                    preview: "user,manager,kept\nerin,olivia,yes",
                    proof: (leafIndex: 12, treeSize: 40, rootHash: String(repeating: "cd", count: 32), signedAt: Self.day, verified: true),
                    canReview: true, canUpload: true), shell: Self.shell("evidence")),
            "evidence-detail.html")
    }

    @Test func programmePages() throws {
        let inputs = try Self.world()
        let engagement = inputs.engagement
        var client = EngagementPage.Model(
            organization: Self.acme, engagements: [engagement], engagement: engagement,
            criteria: inputs.catalog.criteria.filter { $0.id.hasPrefix("CC6.") }, requests: Self.requests(engagement), today: Self.today,
            canManage: true, canInvite: true, csrf: "t")
        client.canProvide = true
        client.canComment = true
        client.evidenceChoices = [(Self.id(301).uuidString.lowercased(), "Quarterly access review, Q2")]
        Self.check(EngagementPage.render(client, shell: Self.shell("programme")), "engagement.html")
        var auditor = EngagementPage.Model(
            organization: Self.acme, engagements: [engagement], engagement: engagement, criteria: [], requests: Self.requests(engagement),
            today: Self.today, canManage: false, csrf: "t")
        auditor.isAuditor = true
        auditor.canComment = true
        Self.check(EngagementPage.render(auditor, shell: Self.shell("programme")), "engagement-auditor.html")
        Self.check(
            ControlsPage.render(
                .init(organization: Self.acme, controls: inputs.controls, libraryCount: 113, statusFilter: "", canManage: true, csrf: "t"),
                shell: Self.shell("controls")),
            "controls.html")
        Self.check(
            ControlPage.render(
                .init(
                    organization: Self.acme, control: inputs.controls[0],
                    history: [(at: Self.day, actor: "olivia@acme.example", action: "status_changed", status: "operating", owner: "")],
                    canManage: true,
                    csrf: "t"), shell: Self.shell("controls")),
            "control.html")
        let report = ReadinessReport.compute(
            engagement: engagement, catalog: inputs.catalog, controls: inputs.controls, policies: [], policyTemplates: Self.content.policies,
            evidence: [EvidenceFact(criteria: ["CC6.2"], controls: ["ACC-04"], approved: true, current: true)], now: Self.day)
        Self.check(
            ReadinessPage.render(
                .init(
                    organization: Self.acme, engagement: engagement, report: report, snapshots: [ReadinessSnapshot(report)],
                    remediation: [
                        try RemediationItem(criterion: "CC6.1", owner: "erin@acme.example", dueDate: Self.today, plan: "Turn on MFA for the VPN.")
                    ], canManage: true, csrf: "t"),
                // The header names the engagement in view and offers the others (issue 17).
                shell: Self.shell("readiness").showing(
                    Shell.EngagementMenu(
                        current: .init(id: "e1", name: engagement.name, detail: "Type 2, 2026-01-01 to 2026-06-30", archived: false),
                        items: [
                            .init(id: "e1", name: engagement.name, detail: "Type 2, 2026-01-01 to 2026-06-30", archived: false),
                            .init(id: "e0", name: "SOC 2 FY2025", detail: "Type 2, 2025-01-01 to 2025-06-30 · archived", archived: true),
                        ], path: "/orgs/acme-cloud/readiness", newEngagementURL: "/orgs/acme-cloud/programme?new#new-engagement"))),
            "readiness.html")
    }

    @Test func policyPages() throws {
        let template = try #require(Self.content.policies.first)
        let published = PolicyVersion(
            number: 1, body: "# \(template.title)\n\nEveryone follows this.", status: .published, changeNote: "Adopted.",
            author: "olivia@acme.example",
            approver: "adam@acme.example", approvedAt: Self.day, publishedAt: Self.day, createdAt: Self.day)
        let draft = PolicyVersion(
            number: 2, body: "# \(template.title)\n\nEveryone follows this, every year.", status: .draft, changeNote: "Yearly review.",
            author: "olivia@acme.example", approver: nil, approvedAt: nil, publishedAt: nil, createdAt: Self.day)
        let policy = Policy(
            id: Self.id(50), organizationID: Self.acme.id, key: template.id, title: template.title, criteria: template.criteria,
            owner: "olivia@acme.example", reviewMonths: 12, versions: [published, draft])
        Self.check(
            PoliciesPage.render(
                .init(
                    organization: Self.acme, policies: [policy], templates: Array(Self.content.policies.prefix(3)), outstanding: 2, today: Self.today,
                    canManage: true, csrf: "t"), shell: Self.shell("policies")),
            "policies.html")
        Self.check(
            PolicyPage.render(
                .init(
                    organization: Self.acme, policy: policy, shown: draft,
                    bodyHTML: "<h1>\(template.title)</h1><p>Everyone follows this, every year.</p>",
                    canManage: true, canApprove: true, csrf: "t"), shell: Self.shell("policies")),
            "policy.html")
    }

    @Test func policyDiffMineAndAcknowledgements() throws {
        let template = try #require(Self.content.policies.first)
        let old = "# Policy\n\nEveryone follows this."
        let new = "# Policy\n\nEveryone follows this, every year.\nManagers check it."
        let policy = Policy(
            id: Self.id(50), organizationID: Self.acme.id, key: template.id, title: template.title, criteria: template.criteria,
            owner: "olivia@acme.example", reviewMonths: 12,
            versions: [
                PolicyVersion(
                    number: 1, body: old, status: .published, changeNote: "Adopted.", author: "olivia@acme.example", approver: "adam@acme.example",
                    approvedAt: Self.day, publishedAt: Self.day, createdAt: Self.day),
                PolicyVersion(
                    number: 2, body: new, status: .inReview, changeNote: "Yearly review.", author: "olivia@acme.example", approver: nil,
                    approvedAt: nil, publishedAt: nil, createdAt: Self.day),
            ])
        Self.check(
            PolicyDiffPage.render(
                organization: Self.acme, policy: policy, from: 1, to: 2, lines: LineDiff.diff(old, new), shell: Self.shell("policies")),
            "policy-diff.html")
        Self.check(
            MyPoliciesPage.render(
                organization: Self.acme,
                rows: [
                    .init(key: template.id, title: template.title, version: 1, acknowledgedAt: Self.day),
                    .init(key: "code-of-conduct", title: "Code of Conduct", version: 3, acknowledgedAt: nil),
                ], canAcknowledge: true, csrf: "t", shell: Self.shell("my-policies")),
            "my-policies.html")
        Self.check(
            AcknowledgementsPage.render(
                organization: Self.acme,
                people: [
                    .init(email: "erin@acme.example", name: "Erin Engineer", acknowledged: 9, missing: ["code-of-conduct"]),
                    .init(email: "olivia@acme.example", name: "Olivia Owner", acknowledged: 10, missing: []),
                ], shell: Self.shell("policies")),
            "acknowledgements.html")
        let inputs = try Self.world()
        Self.check(
            CrosswalkPage.render(
                organization: Self.acme, source: Self.content.crosswalk.source,
                coverage: Array(Self.content.crosswalk.coverage(of: inputs.controls).prefix(8)),
                shell: Self.shell("readiness")),
            "crosswalk.html")
    }

    @Test func fieldworkPage() throws {
        let inputs = try Self.world()
        let engagement = inputs.engagement
        var scanner = PopulationScanner(keyColumn: "ticket")
        let csv = "ticket,opened\n" + (1...40).map { "T-\(1000 + $0),2026-0\(1 + $0 % 6)-1\($0 % 9)" }.joined(separator: "\n") + "\n"
        Array(csv.utf8).withUnsafeBytes { scanner.consume($0) }
        let scan = scanner.finish()
        let population = Population(
            id: Self.id(60), engagementID: engagement.id, name: "Production alerts", version: 1, evidenceID: Self.id(301), evidenceVersion: 2,
            scan: scan, sourceSystem: "PagerDuty", extractionQuery: "All incidents opened 2026-01-01 to 2026-06-30",
            completenessProcedure: "Count agreed to the PagerDuty dashboard total (40).", controls: ["OPS-03"], frozenBy: "alex@assure.example",
            frozenAt: Self.day)
        let (draw, sizing) = try SampleDraw.make(
            population: scan, frequency: .daily, risk: .low, period: try SamplePeriod(start: Day("2026-01-01")!, end: Day("2026-06-30")!), seed: 7)
        let sample = Sample(
            id: Self.id(20), engagementID: engagement.id, populationID: population.id, control: "OPS-03", frequency: .daily, risk: .low,
            periodMonths: 6, proposal: sizing.proposal, overrideReason: nil, draw: draw, extensions: [], drawnBy: "alex@assure.example",
            drawnAt: Self.day)
        let walkthrough = try Walkthrough(
            id: Self.id(70), engagementID: engagement.id, control: "OPS-03", date: Self.today, participants: ["Sam SRE", "Alex Auditor"],
            notes: "Followed one alert from page to resolution.", evidenceIDs: [Self.id(301)], design: .effective,
            reason: "The rota and paging rules answer every alert.", preparedBy: "alex@assure.example")
        let independence = try IndependenceConfirmation(
            engagementID: engagement.id, auditorUserID: Self.id(80), auditor: "alex@assure.example",
            statement: "I hold no interest in Acme Cloud and have not worked for it.", confirmedAt: Self.day)
        let applicable = engagement.criteriaInScope(inputs.catalog).map(\.id).filter { engagement.exclusion(for: $0) == nil }
        for isAuditor in [true, false] {
            Self.check(
                FieldworkPage.render(
                    .init(
                        organization: Self.acme, engagement: engagement, independence: [independence], walkthroughs: [walkthrough],
                        populations: [population], samples: [sample], tests: isAuditor ? inputs.tests : inputs.tests.map(\.unreleasedView),
                        // The client's conclusions come from released results only: none yet.
                        conclusions: CriterionConclusion.conclude(
                            criteria: applicable, controls: inputs.controls, tests: isAuditor ? inputs.tests : []),
                        isAuditor: isAuditor, needsIndependence: false, canRespond: !isAuditor, csrf: "t"), shell: Self.shell("fieldwork")),
                isAuditor ? "fieldwork-auditor.html" : "fieldwork-client.html")
        }
    }

    @Test func reportPages() throws {
        let inputs = try Self.world()
        let engagement = inputs.engagement
        let builder = ReportBuilder(inputs)
        let version = ReportVersion(
            id: Self.id(90), engagementID: engagement.id, number: 1, status: .managementReview,
            document: try builder.build(version: 1, now: Self.day),
            soc3: try builder.build(kind: .soc3, version: 1, now: Self.day),
            comments: [.init(by: "olivia@acme.example", side: "client", text: "Please spell out the muted alert.", at: Self.day)],
            createdBy: "alex@assure.example", createdAt: Self.day)
        let generated = inputs.catalog.descriptionCriteria.prefix(3).map { dc in
            (id: dc.id, title: dc.title, summary: dc.summary, placeholder: "Generated wording for \(dc.id).")
        }
        for isAuditor in [true, false] {
            Self.check(
                ReportPage.render(
                    .init(
                        organization: Self.acme, engagement: engagement, engagements: [engagement], versions: [version],
                        problems: ["OPS-03: the reviewer has not signed the test."], description: inputs.description, generated: Array(generated),
                        missing: ["DC4 (Incidents)"],
                        assertion: inputs.assertion, letters: [], isAuditor: isAuditor, canManage: !isAuditor, today: Self.today, csrf: "t"),
                    shell: Self.shell("report")),
                isAuditor ? "report-auditor.html" : "report-client.html")
        }
        let firm = Organization(id: Self.id(3), slug: try Slug("assure"), name: "Assure LLP", kind: .auditFirm, createdAt: Self.day)
        Self.check(
            ReportTemplatesPage.render(
                .init(
                    organization: firm,
                    templates: ReportTemplates.names.prefix(3).map { ($0, ReportTemplates.text($0, overrides: [:]), false) },
                    variables: ReportTemplates.variables, canEdit: true, csrf: "t"), shell: Self.shell("report")),
            "report-templates.html")
    }
}
