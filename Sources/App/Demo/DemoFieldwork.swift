import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import UseCases

/// Example Assurance's fieldwork on Acme Cloud's Type 2 engagement, whose period ended three weeks
/// ago: Alex and Pat have confirmed independence; Alex has frozen the population of production
/// changes Acme exported, drawn a sample, walked CHG-01 through and tested it (one exception,
/// answered by Acme); every other control is tested and reviewed except OPS-03 and ACC-03, whose
/// samples are drawn and tests planned, waiting for their results. What is left (those results,
/// the sign-offs, Section III, the assertion and the report) can all be done in the browser.
enum DemoFieldwork {
    /// The request Alex returns (by its place in the list), with a reason the client can act on.
    static let returnedRequest = 13

    static func seed(_ store: Store, evidence: EvidenceService, scope: TenantScope) async throws {
        guard let engagement = try await store.programme.engagements.list(in: scope).first,
            let alex = try await store.users.find(email: try EmailAddress("alex@example-assurance.example")),
            let grant = try await store.memberships.grants(in: scope).first(where: { $0.auditorUserID == alex.id })
        else { return }
        // Acme exports its merged pull requests for the period and uploads them as evidence.
        let start = engagement.scope.periodStart ?? Day(Date())
        var csv = "pr,merged_at,author,approver,tests_passed\n"
        let people = ["erin", "adam", "olivia", "sam"]
        for number in 1...180 {
            let day = start.adding(days: number * 150 / 180)
            csv += "\(4000 + number),\(day)T\(String(format: "%02d", 9 + number % 8)):15:00Z,\(people[number % 4]),\(people[(number + 1) % 4]),true\n"
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-demo-population-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("merged-prs.csv")
        try Data(csv.utf8).write(to: file)
        let item = try await evidence.ingest(
            contentsOf: file,
            .init(
                fileName: "merged-prs.csv", period: try EvidencePeriod(start: start.date, end: Day(Date()).date),
                source: EvidenceSource(
                    kind: .import, actor: scope.actor.description, collector: "demo-export",
                    method: "gh pr list --state merged --base main --search 'merged:>=\(start)' --json number,mergedAt,author,reviews"),
                rowCount: 180,
                details: NewEvidence(
                    title: "Population: production changes (merged PRs)", controls: ["CHG-01", "CHG-02"], criteria: ["CC8.1"],
                    frequency: .perEvent)), in: scope)
        let (_, versions) = try await store.evidence.get(item.id, in: scope)
        let auditor = TenantScope(organization: scope.organization, standing: .auditor(grantID: grant.id), actor: .user(alex.id))
        _ = try await store.programme.fieldwork.confirmIndependence(
            engagement.id, statement: "Neither I nor my close family hold any interest in Acme Cloud; I have no other role for it.", in: auditor)
        // Alex works through what Acme provided: every ninth request accepted, one returned.
        for (index, item) in try await store.programme.requestList.requests(of: engagement.id, in: auditor).enumerated()
        where item.status == .provided {
            if index == returnedRequest {
                _ = try await store.programme.requestList.act(
                    .giveBack(reason: "This covers the prior period only; please provide the records for the current period."), on: item.number,
                    of: engagement.id, in: auditor)
            } else if index % 9 == 0 {
                _ = try await store.programme.requestList.act(.accept, on: item.number, of: engagement.id, in: auditor)
            }
        }
        let population = try await store.programme.fieldwork.freeze(
            .init(
                name: "Production changes", sourceSystem: "GitHub (acme/platform, branch main)",
                extractionQuery: "gh pr list --state merged --base main for the period; exported by Acme",
                completenessProcedure:
                    "Re-ran the query with read-only access during the walkthrough and matched the count (180) and the first and last PR numbers.",
                controls: ["CHG-01", "CHG-02"]),
            into: engagement.id, evidence: item, version: versions[0], scan: try await evidence.scanPopulation(versions[0]), in: auditor)
        let sample = try await store.programme.fieldwork.draw(
            .init(
                populationID: population.id, control: "CHG-01", risk: .high, seed: 20_261_128, method: .random,
                override: nil), for: engagement.id, in: auditor, keys: evidence.populationKeys)
        _ = try await store.programme.fieldwork.walkthrough(
            engagement.id, control: "CHG-01", date: Day(Date()).adding(days: -30), participants: ["Erin Engineer", "Adam Admin"],
            notes:
                "Followed PR 4093 from ticket to deploy: branch protection required one approval from someone else; CI ran; the deploy log names the PR.",
            evidence: [item.id], design: .effective, reason: "Branch protection enforces a second approver on main and CI must pass before merge.",
            in: auditor)
        // Testing is under way: every item checked, one deviation, and Acme's response to it.
        let attributes = ["approved by someone other than the author", "CI tests passed before merge"]
        var test = try await store.programme.fieldwork.planTest(
            engagement.id, control: "CHG-01", sampleID: sample.id, paths: nil,
            procedures: [.inspection, .reperformance], attributes: attributes, in: auditor)
        let deviation = sample.draw.selected[7]
        for row in sample.draw.selected {
            for attribute in attributes {
                let failed = row == deviation && attribute == attributes[0]
                test = try await store.programme.fieldwork.record(
                    test.id, of: engagement.id, item: row, attribute: attribute, passed: !failed,
                    note: failed ? "PR \(4000 + row) was merged by its author; the approval came a day later." : "",
                    evidence: [item.id], in: auditor)
            }
        }
        test = try await store.programme.fieldwork.addException(
            test.id, of: engagement.id, description: "One of 40 changes was merged before a second person approved it.",
            cause: "Branch protection was relaxed for an hour during a repository migration.", count: 1, evaluation: .withinTolerance, in: auditor)
        if let olivia = try await store.users.find(email: try EmailAddress("olivia@acme.example")), let exception = test.exceptions.first {
            let management = TenantScope(organization: scope.organization, standing: .member(.owner), actor: .user(olivia.id))
            _ = try await store.programme.fieldwork.respond(
                to: exception.id, in: test.id, of: engagement.id,
                response:
                    "Branch protection is now managed as code and an alert fires if it is turned off; the change was reviewed after the fact and found correct.",
                in: management)
        }
        _ = try await store.programme.fieldwork.sign(.population, population.id, of: engagement.id, role: .preparer, in: auditor)

        // Pat reviews; the rest of the programme is tested and reviewed, two tests left open.
        guard let pat = try await store.users.find(email: try EmailAddress("pat@example-assurance.example")),
            let patGrant = try await store.memberships.grants(in: scope).first(where: { $0.auditorUserID == pat.id }),
            let olivia = try await store.users.find(email: try EmailAddress("olivia@acme.example"))
        else { return }
        let reviewer = TenantScope(organization: scope.organization, standing: .auditor(grantID: patGrant.id), actor: .user(pat.id))
        _ = try await store.programme.fieldwork.confirmIndependence(
            engagement.id, statement: "I hold no interest in Acme Cloud and have no other role for it.", in: reviewer)
        let management = TenantScope(organization: scope.organization, standing: .member(.owner), actor: .user(olivia.id))
        try await FieldworkCompletion(store: store, evidence: evidence, client: management, preparer: auditor, reviewer: reviewer).complete(
            engagement.id, skip: ["CHG-01"], leaveOpen: openControls)
    }

    /// The controls whose results are left for the auditor to enter (through the results grid).
    static let openControls: Set<String> = ["OPS-03", "ACC-03"]
}
