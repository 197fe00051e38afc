import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import UseCases
import Web

/// Last year's engagement, finished: every control tested (one exception, answered by
/// management), Section III written, the assertion accepted, a draft commented on and reviewed,
/// then the final Type 2 report issued and signed by Example Assurance, its SOC 3, and a bridge
/// letter from Acme's management up to yesterday.
enum DemoReport {
    static func seed(_ store: Store, evidence: EvidenceService, scope acme: TenantScope, today: Day = Day(Date())) async throws {
        guard let alex = try await store.users.find(email: try EmailAddress("alex@example-assurance.example")),
            let pat = try await store.users.find(email: try EmailAddress("pat@example-assurance.example")),
            let olivia = try await store.users.find(email: try EmailAddress("olivia@acme.example"))
        else { return }
        let grants = try await store.memberships.grants(in: acme)
        guard let alexGrant = grants.first(where: { $0.auditorUserID == alex.id }), let patGrant = grants.first(where: { $0.auditorUserID == pat.id })
        else { return }
        let preparer = TenantScope(organization: acme.organization, standing: .auditor(grantID: alexGrant.id), actor: .user(alex.id))
        let reviewer = TenantScope(organization: acme.organization, standing: .auditor(grantID: patGrant.id), actor: .user(pat.id))
        let management = TenantScope(organization: acme.organization, standing: .member(.owner), actor: .user(olivia.id))
        // A firm signs with its city beside the date; it says where by editing the signature template.
        if let firm = try await store.organizations.find(slug: "example-assurance") {
            let owner = TenantScope(organization: firm, standing: .member(.owner), actor: .user(pat.id))
            try await store.programme.reports.setTemplate(
                "section1.signature", text: "{{firm}}\n\nBoston, Massachusetts\n\n{{report_date}}", in: owner)
        }

        // The six months before this year's period began.
        let start = today.adding(months: -12).adding(days: -20)
        let engagement = try await store.programme.engagements.create(
            name: "SOC 2 Type 2 FY2026",
            scope: DemoProgramme.acmeScope(start: start),
            in: management)
        _ = try await store.programme.engagements.invite(auditFirm: "example-assurance", to: engagement.id, in: management)
        for auditor in [preparer, reviewer] {
            _ = try await store.programme.fieldwork.confirmIndependence(
                engagement.id, statement: "I hold no interest in Acme Cloud and have no other role for it.", in: auditor)
        }
        try await FieldworkCompletion(store: store, evidence: evidence, client: management, preparer: preparer, reviewer: reviewer).complete(
            engagement.id,
            deviation: .init(
                control: "ACC-04", note: "The Q2 review was signed off 9 days after the quarter's deadline.",
                description: "One quarterly access review was completed late.", cause: "The reviewer was on leave and no deputy was named.",
                response: "A deputy reviewer is now named for every quarterly review and the ticket escalates after 5 days."))

        _ = try await store.programme.reports.saveDescription(
            SystemDescription(
                engagementID: engagement.id,
                texts: [
                    "DC1":
                        "Acme Cloud provides hosted workflow automation to mid-sized companies. Customers build workflows in the web application and call them through a REST API; Acme operates the service for them in AWS."
                ],
                commitments: [
                    "99.9% monthly availability of the web application and API (Master Services Agreement, schedule 2).",
                    "Customer data is encrypted in transit and at rest and is never used for any purpose but the service.",
                    "Security incidents affecting customer data are notified within 72 hours.",
                ],
                userEntityControls: [
                    "Manage their own users' access to the application, and remove leavers promptly.",
                    "Keep API keys secret and rotate them when staff with access leave.",
                ],
                subserviceControls: [
                    .init(
                        subservice: "Amazon Web Services", control: "Physical security and environmental protection of the data centres.",
                        criteria: ["CC6.4", "A1.2"]),
                    .init(subservice: "Okta", control: "Availability and integrity of the identity service and its MFA.", criteria: ["CC6.1"]),
                ],
                changes: [.init(date: start.adding(months: 2), description: "Moved the production database to a managed, encrypted Aurora cluster.")],
                // Management read Attest's drafts of these from the engagement and adopted them as its own.
                adopted: ["DC3", "DC4", "DC5", "DC8"]),
            for: engagement.id, in: management)
        _ = try await store.programme.reports.acceptAssertion(
            engagement.id, signatory: "Olivia Owner", position: "Chief Executive Officer", in: management)

        let reports = ReportService(store: store, log: evidence.log)
        let draft = try await store.programme.reports.draft(engagement.id, scopeLimitation: nil, in: preparer)
        // Management sees the draft once it is sent for review (drafts stay with the firm before that).
        _ = try await store.programme.reports.sendForReview(engagement.id, in: preparer)
        _ = try await store.programme.reports.comment(
            "Please name the Aurora migration month in DC9.", on: draft.number, of: engagement.id, in: management)
        _ = try await store.programme.reports.comment(
            "Done in the description; the date comes from your change log.", on: draft.number, of: engagement.id, in: preparer)
        _ = try await reports.issue(engagement.id, in: reviewer)
        _ = try await reports.bridgeLetter(
            engagement.id, through: today.adding(days: -1),
            changes: ["Added a second AWS region (us-east-1) for disaster recovery."],
            signatory: "Olivia Owner", position: "Chief Executive Officer", in: management)
    }
}
