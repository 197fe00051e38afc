import ComplianceCore
import Foundation
import Persistence
import TestSupport
import Testing
import UseCases

@Suite("The compliance programme's use cases")
struct ProgrammeWorkflowTests {
    static func scope(_ categories: [TrustServicesCategory] = [.security, .availability, .confidentiality]) -> EngagementScope {
        EngagementScope(
            reportType: .type2, periodStart: Day("2026-01-01"), periodEnd: Day("2026-06-30"), categories: categories,
            systemName: "Acme platform", clouds: [.aws], locations: ["London", "Manchester"], headcount: .upTo200)
    }

    @Test(arguments: TestDatabase.available)
    func theRequestListFollowsAChangeOfScopeAndKeepsEdits(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let scope = try await fixtures.scope("acme", as: owner)
            let engagement = try await store.programme.engagements.create(name: "FY26", scope: Self.scope(), in: scope)
            var items = try await store.programme.requestList.requests(of: engagement.id, in: scope)
            #expect(items.contains { $0.key == "AWS-IAM" } && items.contains { $0.key == "PHY-OFFICE@manchester" })
            #expect(!items.contains { $0.key.hasPrefix("PR-") })
            #expect(items.map(\.number) == (1...items.count).map { String(format: "IRL-%03d", $0) })

            let iam = try #require(items.first { $0.key == "AWS-IAM" })
            _ = try await store.programme.requestList.updateRequest(iam.id, of: engagement.id, in: scope) { item in
                item.owner = "erin@acme.example"
                item.dueDate = Day("2026-05-15")
            }
            var changed = Self.scope([.security, .privacy])
            changed.locations = ["London"]
            _ = try await store.programme.engagements.updateScope(engagement.id, scope: changed, in: scope)
            items = try await store.programme.requestList.requests(of: engagement.id, in: scope)
            #expect(items.contains { $0.key == "PR-NOTICE" }, "privacy items arrive with privacy")
            #expect(!items.contains { $0.key.hasPrefix("AV-") || $0.key.hasPrefix("CF-") }, "dropped categories take their items")
            #expect(!items.contains { $0.key == "PHY-OFFICE@manchester" } && items.contains { $0.key == "PHY-OFFICE@london" })
            let kept = try #require(items.first { $0.key == "AWS-IAM" })
            #expect(kept.number == iam.number && kept.owner == "erin@acme.example" && kept.dueDate == Day("2026-05-15"))
            #expect(Set(items.map(\.number)).count == items.count)

            let log = try await store.events.events(in: scope, limit: 1000)
            #expect(log.contains { $0.entityType == "engagement" && $0.action == "scoped" })
            #expect(log.contains { $0.entityType == "request" && $0.action == "deleted" })
        }
    }

    @Test(arguments: TestDatabase.available)
    func readinessFollowsTheData(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let scope = try await fixtures.scope("acme", as: owner)
            let engagement = try await store.programme.engagements.create(name: "FY26", scope: Self.scope(), in: scope)

            let empty = try await store.programme.readiness.compute(engagement.id, in: scope)
            #expect(empty.overall == 0)
            #expect(empty.criteria.count == 33 + 3 + 2)
            #expect(empty.criteria.allSatisfy { $0.status == .gap })

            try await store.programme.controls.adopt(in: scope)
            let adopted = try await store.programme.readiness.compute(engagement.id, in: scope)
            #expect(adopted.overall == 0, "adopted but not started counts for nothing")

            for control in try await store.programme.controls.list(in: scope) where control.criteria.contains("CC6.1") {
                _ = try await store.programme.controls.update(control.key, action: "status_changed", in: scope) { $0.status = .operating }
            }
            let working = try await store.programme.readiness.compute(engagement.id, in: scope)
            let cc61 = try #require(working.criteria.first { $0.criterion == "CC6.1" })
            #expect(cc61.score == 0.5 && cc61.status == .partial)
            #expect(cc61.findings.contains { $0.contains("No evidence") })

            let variables = PolicyVariables(company: "Acme", owner: "Olivia", securityContact: "security@acme.example")
            _ = try await store.programme.policies.adopt(template: "access-control", variables: variables, owner: "Olivia", in: scope)
            #expect(
                try await store.programme.readiness.compute(engagement.id, in: scope).criteria.first { $0.criterion == "CC6.1" }?.score == 0.5,
                "a draft policy does not count")
            // The author may approve only under a recorded small-team rule (separation of duties, issue 17).
            _ = try await store.programme.policies.allowSelfApproval(true, reason: "A one-person company in this test.", in: scope)
            for status in [PolicyStatus.inReview, .approved] {
                _ = try await store.programme.policies.advance("access-control", to: status, in: scope)
            }
            let approved = try await store.programme.readiness.compute(engagement.id, in: scope)
            #expect(approved.criteria.first { $0.criterion == "CC6.1" }?.score == 0.7)
            #expect(approved.overall > working.overall)

            _ = try await store.programme.engagements.setApplicability(
                engagement.id, criterion: "CC6.4", notApplicableBecause: "Fully remote, no offices; hosting carved out.", in: scope)
            let excluded = try await store.programme.readiness.compute(engagement.id, in: scope)
            #expect(excluded.criteria.first { $0.criterion == "CC6.4" }?.status == .notApplicable)
            #expect(excluded.categories.first { $0.category == .security }?.applicable == 32)
            await #expect(throws: DomainError.self) {
                try await store.programme.engagements.setApplicability(engagement.id, criterion: "CC6.5", notApplicableBecause: "no", in: scope)
            }
            await #expect(throws: DomainError.self) {
                try await store.programme.engagements.setApplicability(
                    engagement.id, criterion: "P1.1", notApplicableBecause: "Privacy is not in scope here.", in: scope)
            }

            // A remediation's owner is a member (the use case checks it, since it moved up from storage).
            _ = try await fixtures.user("erin@acme.example", in: "acme", role: .member)
            let plan = try RemediationItem(
                criterion: "CC6.1", owner: "erin@acme.example", dueDate: Day("2026-02-01")!, plan: "Export the IdP MFA report.")
            _ = try await store.programme.readiness.plan(plan, for: engagement.id, in: scope)
            #expect(try await store.programme.readiness.remediations(engagement.id, in: scope) == [plan])
            try await store.programme.readiness.recordSnapshot(engagement.id, in: scope)
            let snapshots = try await store.programme.readiness.snapshots(engagement.id, in: scope)
            #expect(snapshots.count == 1 && snapshots[0].overall == excluded.overall)
        }
    }

    @Test(arguments: TestDatabase.available)
    func controlHistoryComesFromTheLog(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let scope = try await fixtures.scope("acme", as: owner)
            try await store.programme.controls.adopt(["ACC-01", "ACC-02"], in: scope)
            #expect(try await store.programme.controls.adopt(["ACC-01"], in: scope).isEmpty, "adopting twice changes nothing")
            for status in [ImplementationStatus.designed, .implemented, .operating] {
                _ = try await store.programme.controls.update("ACC-01", action: "status_changed", in: scope) { $0.status = status }
            }
            // A control's owner is a member (the use case checks it, since it moved up from storage).
            _ = try await fixtures.user("adam@acme.example", in: "acme", role: .admin)
            _ = try await store.programme.controls.update("ACC-01", action: "owner_assigned", in: scope) { $0.owner = "adam@acme.example" }
            let history = try await store.programme.controls.history("ACC-01", in: scope)
            #expect(history.map(\.status) == [.notStarted, .designed, .implemented, .operating, .operating])
            #expect(history.last?.owner == "adam@acme.example")
            await #expect(throws: DomainError.self) {
                try await store.programme.controls.update("ACC-01", action: "edited", in: scope) { $0.criteria = ["CC42.1"] }
            }
            await #expect(throws: DomainError.self) {
                try await store.programme.controls.create(
                    key: "ACC-01", title: "Dup", description: "", type: .manual, frequency: .annual, ownerRole: "cto", criteria: ["CC6.1"], in: scope)
            }
            let custom = try await store.programme.controls.create(
                key: "OWN-1", title: "Our own", description: "", type: .manual, frequency: .monthly,
                ownerRole: "cto", criteria: ["CC7.2"], in: scope)
            #expect(custom.libraryID == nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func policiesAreAcknowledgedPerPublishedVersion(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let erin = try await fixtures.user("erin@acme.example", in: "acme", role: .member)
            let scope = try await fixtures.scope("acme", as: owner)
            let erinScope = try await fixtures.scope("acme", as: erin)
            let variables = PolicyVariables(company: "Acme", owner: "Olivia", securityContact: "security@acme.example")
            let adopted = try await store.programme.policies.adopt(template: "code-of-conduct", variables: variables, owner: "Olivia", in: scope)
            #expect(adopted.latest.body.contains("Everyone at Acme acts honestly"))
            await #expect(throws: DomainError.self) {
                try await store.programme.policies.acknowledge("code-of-conduct", userID: erin.id, in: erinScope)
            }
            await #expect(throws: DomainError.self) { try await store.programme.policies.advance("code-of-conduct", to: .approved, in: erinScope) }
            // The owner wrote it, so the owner approves only under a recorded small-team rule (issue 17).
            _ = try await store.programme.policies.advance("code-of-conduct", to: .inReview, in: scope)
            let refused = await #expect(throws: DomainError.self) {
                try await store.programme.policies.advance("code-of-conduct", to: .approved, in: scope)
            }
            #expect(refused?.code == "separation_of_duties")
            await #expect(throws: DomainError.self, "an approver's right is needed to allow it") {
                try await store.programme.policies.allowSelfApproval(true, reason: "A two-person company for now.", in: erinScope)
            }
            _ = try await store.programme.policies.allowSelfApproval(true, reason: "A two-person company until the first hire.", in: scope)
            for status in [PolicyStatus.approved, .published] {
                _ = try await store.programme.policies.advance("code-of-conduct", to: status, in: scope)
            }
            #expect(
                try await store.programme.policies.get("code-of-conduct", in: scope).published?.selfApproval
                    == "A two-person company until the first hire.")
            #expect(try await store.programme.policies.get("code-of-conduct", in: scope).published?.approver == "owner@acme.example")

            var outstanding = try await store.programme.policies.outstanding(in: scope)
            #expect(outstanding.map(\.missing) == [["code-of-conduct"], ["code-of-conduct"]])
            let ack = try await store.programme.policies.acknowledge("code-of-conduct", userID: erin.id, in: erinScope)
            #expect(ack.version == 1 && ack.email == "erin@acme.example")
            await #expect(throws: DomainError.self, "nobody acknowledges for someone else") {
                try await store.programme.policies.acknowledge("code-of-conduct", userID: owner.id, in: erinScope)
            }
            outstanding = try await store.programme.policies.outstanding(in: scope)
            #expect(outstanding.first { $0.email == "erin@acme.example" }?.missing == [])

            // A new published version asks everyone again.
            _ = try await store.programme.policies.edit(
                "code-of-conduct", body: adopted.latest.body + "\n\nGifts over £50 are declared.", changeNote: "Gift rule", in: scope)
            #expect(try await store.programme.policies.get("code-of-conduct", in: scope).versions.count == 2)
            for status in [PolicyStatus.inReview, .approved, .published] {
                _ = try await store.programme.policies.advance("code-of-conduct", to: status, in: scope)
            }
            outstanding = try await store.programme.policies.outstanding(in: scope)
            #expect(outstanding.first { $0.email == "erin@acme.example" }?.missing == ["code-of-conduct"])
        }
    }

    @Test(arguments: TestDatabase.available)
    func anotherOrganisationsProgrammeIsNotFound(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let (_, outsider) = try await fixtures.organization("globex")
            let acme = try await fixtures.scope("acme", as: owner)
            let globex = try await fixtures.scope("globex", as: outsider)
            let engagement = try await store.programme.engagements.create(name: "FY26", scope: Self.scope(), in: acme)
            try await store.programme.controls.adopt(["ACC-01"], in: acme)
            for attempt in [
                { _ = try await store.programme.engagements.get(engagement.id, in: globex) },
                { _ = try await store.programme.requestList.requests(of: engagement.id, in: globex) },
                { _ = try await store.programme.readiness.compute(engagement.id, in: globex) },
                { _ = try await store.programme.engagements.updateScope(engagement.id, scope: Self.scope(), in: globex) },
            ] as [@Sendable () async throws -> Void] {
                let error = await #expect(throws: DomainError.self) { try await attempt() }
                #expect(error?.kind == .notFound)
            }
            #expect(try await store.programme.controls.list(in: globex).isEmpty)
            let viewer = try await fixtures.user("vera@acme.example", in: "acme", role: .viewer)
            let error = await #expect(throws: DomainError.self) {
                try await store.programme.engagements.create(name: "x", scope: Self.scope(), in: try await fixtures.scope("acme", as: viewer))
            }
            #expect(error?.kind == .forbidden)
        }
    }
}
