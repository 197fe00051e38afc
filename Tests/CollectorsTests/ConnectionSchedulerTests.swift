import AWSSigning
import Collectors
import ComplianceCore
import Foundation
import Persistence
import TestSupport
import Testing
import UseCases

/// Connections and their schedule: credentials sealed and never stored in the clear, two servers
/// claiming one due connection (one run), failures backing off, a key that is not the sealing one.
@Suite("Scheduled connections")
struct ConnectionSchedulerTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    /// A collector that counts its calls and answers one passing check, slowly enough for two
    /// schedulers to overlap.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        private(set) var keys: [String] = []
        func add(_ key: String) {
            lock.withLock {
                value += 1
                keys.append(key)
            }
        }
        var count: Int { lock.withLock { value } }
    }

    static func canned(_ counter: Counter, fail: Bool = false) -> ConnectionWorkflow.Collect {
        { connection, credentials, _ in
            counter.add(credentials.accessKeyID)
            try await Task.sleep(for: .milliseconds(300))
            if fail {
                throw CollectorError.badCredentials(
                    action: "sts:GetCallerIdentity", code: "InvalidClientTokenId", message: "The security token included in the request is invalid.")
            }
            let check = AWSChecks.descriptors.first { $0.id == "iam_root_mfa_enabled" }!
            let now = Date()
            return CollectionResult(
                connector: "aws", connectorVersion: AWSCollector.version, account: "123456789012", regions: connection.regions, startedAt: now,
                finishedAt: now, calls: [],
                outcomes: [
                    CheckOutcome(
                        check: check,
                        resources: [
                            ResourceFinding(id: "root", arn: "arn:aws:iam::123456789012:root", region: "global", status: .pass, detail: "MFA")
                        ])
                ], listings: [])
        }
    }

    static func draft() -> ConnectionWorkflow.Draft {
        ConnectionWorkflow.Draft(
            name: "Production", regions: ["eu-west-2"], cadenceHours: 12, accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: secret)
    }

    @Test(arguments: TestDatabase.available)
    func twoServersOneRunAndTheScheduleMovesOn(_ database: TestDatabase) async throws {
        try await CollectorWorld.run(database) { world in
            let counter = Counter()
            let key = ConnectionKey.ephemeral()
            let workflows = Workflows(intake: world.intake, connectionKey: key, collect: Self.canned(counter))
            let connection = try await workflows.connections.create(Self.draft(), in: world.scope)
            #expect(connection.secretHint == "access key AKIA…MPLE")

            // Two servers on one database, both finding the connection due at once.
            let first = ConnectionScheduler(store: world.store, connections: workflows.connections)
            let second = ConnectionScheduler(store: world.store, connections: workflows.connections)
            async let a = first.runDue(holder: "server-a")
            async let b = second.runDue(holder: "server-b")
            let runs = try await a + b
            #expect(runs.count == 1 && counter.count == 1, "one run, not \(counter.count)")
            #expect(counter.keys == ["AKIAIOSFODNN7EXAMPLE"], "the credentials opened as they went in")

            let after = try await workflows.connections.get(connection.id, in: world.scope)
            #expect(after.lastRunID == runs.first?.id && after.failures == 0 && after.lastError == nil)
            let wait = after.nextRunAt.timeIntervalSince(after.lastRunAt!)
            #expect(wait >= 12 * 3600 && wait <= 12 * 3600 * 1.1, "a cadence later, with at most a tenth of jitter")
            #expect(try await first.runDue(holder: "server-a").isEmpty, "not due again yet")
            #expect(try await world.store.leases.holders()["collect:\(connection.id.uuidString.lowercased())"] == nil, "the claim is released")

            // The secret is nowhere in the stored records or the log, only its sealed form.
            let stored = try await world.store.records.history(of: .connection, id: connection.id, organization: world.scope.organizationID)
            #expect(!stored.isEmpty && stored.allSatisfy { !($0.state ?? "").contains(Self.secret) && !($0.state ?? "").contains("wJalrXUtn") })
            #expect(!String(describing: after).contains(Self.secret))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aFailureBacksOffAndAnotherKeyCannotOpenTheSecret(_ database: TestDatabase) async throws {
        try await CollectorWorld.run(database) { world in
            let counter = Counter()
            let workflows = Workflows(intake: world.intake, connectionKey: .ephemeral(), collect: Self.canned(counter, fail: true))
            let connection = try await workflows.connections.create(Self.draft(), in: world.scope)
            let scheduler = ConnectionScheduler(store: world.store, connections: workflows.connections)
            var failures: [String] = []
            let start = Date()
            let runs = try await scheduler.runDue(holder: "a", failure: { _, error in failures.append(String(describing: error)) })
            #expect(runs.isEmpty && failures.count == 1)
            let failed = try await workflows.connections.get(connection.id, in: world.scope)
            #expect(failed.failures == 1 && failed.lastError?.contains("InvalidClientTokenId") == true)
            #expect(failed.nextRunAt.timeIntervalSince(start) >= 290 && failed.nextRunAt.timeIntervalSince(start) < 400, "retried in five minutes")
            #expect(try await world.workflow.runs(in: world.scope).isEmpty, "nothing stored for a failed run")

            // A server with a different key: the credentials do not open, and it says which key sealed them.
            let stranger = Workflows(intake: world.intake, connectionKey: .ephemeral(), collect: Self.canned(counter))
            let refusal = await #expect(throws: DomainError.self) { try await stranger.connections.run(connection.id, in: world.scope) }
            #expect(refusal?.code == "secrets_key_mismatch")
            #expect(counter.count == 1, "the collector was never called with credentials it could not open")
        }
    }

    @Test(arguments: TestDatabase.available)
    func badConnectionsAreRefusedAndOnlyAdminsMakeThem(_ database: TestDatabase) async throws {
        try await CollectorWorld.run(database) { world in
            let workflows = Workflows(intake: world.intake, connectionKey: .ephemeral(), collect: Self.canned(Counter()))
            func refused(_ change: (inout ConnectionWorkflow.Draft) -> Void) async -> String? {
                var draft = Self.draft()
                change(&draft)
                let error = await #expect(throws: DomainError.self) { try await workflows.connections.create(draft, in: world.scope) }
                return error?.code
            }
            #expect(await refused { $0.accessKeyID = "not a key" } == "invalid_access_key_id")
            #expect(await refused { $0.secretAccessKey = "" } == "invalid_secret_access_key")
            #expect(await refused { $0.cadenceHours = 0 } == "invalid_cadence_hours")
            #expect(await refused { $0.regions = ["mars-1"] } == "invalid_regions")
            #expect(await refused { $0.roleARN = "arn:aws:iam::1:role/x" } == "invalid_role_arn")
            #expect(await refused { $0.endpoint = "http://169.254.169.254/" } == "invalid_endpoint", "no endpoint is allowed by default")
            #expect(await refused { $0.name = "  " } == "invalid_name")
            #expect(try await workflows.connections.list(in: world.scope).isEmpty, "nothing half written")

            let allowing = ConnectionWorkflow(
                records: world.store.records, collectors: world.workflow, key: .ephemeral(), allowedEndpoints: ["http://127.0.0.1:"])
            var local = Self.draft()
            local.endpoint = "http://127.0.0.1:5056"
            _ = try await allowing.create(local, in: world.scope)

            let member = try await world.fixtures.user("mo@acme.example", in: "acme", role: .member)
            let memberScope = try await world.fixtures.scope("acme", as: member)
            await #expect(throws: DomainError.self) { try await workflows.connections.create(Self.draft(), in: memberScope) }
            let (_, other) = try await world.fixtures.organization("globex")
            let otherScope = try await world.fixtures.scope("globex", as: other)
            let mine = try await workflows.connections.list(in: world.scope)
            let foreign = await #expect(throws: DomainError.self) { try await workflows.connections.run(mine[0].id, in: otherScope) }
            #expect(foreign?.kind == .notFound)
        }
    }
}

extension MotoTests {
    @Suite("A scheduled connection against moto", .enabled(if: MotoAccount.available, "needs moto (ATTEST_TEST_MOTO_ENDPOINT)"))
    struct ScheduledMotoTests {
        @Test func theSchedulerRunsTheRealCollectorWithTheSealedCredentials() async throws {
            let moto = try MotoAccount.seeded()
            try await CollectorWorld.run(.sqlite) { world in
                let connections = ConnectionWorkflow(
                    records: world.store.records, collectors: world.workflow, key: .ephemeral(), allowedEndpoints: [moto.endpoint.absoluteString])
                let draft = ConnectionWorkflow.Draft(
                    name: "moto", regions: ["us-east-1"], endpoint: moto.endpoint.absoluteString, accessKeyID: moto.credentials.accessKeyID,
                    secretAccessKey: moto.secretAccessKey, sessionToken: moto.sessionToken)
                _ = try await connections.create(draft, in: world.scope)
                let runs = try await ConnectionScheduler(store: world.store, connections: connections).runDue(holder: "a")
                #expect(runs.count == 1 && runs.first?.account == moto.account && runs.first?.startedBy == "system")
                #expect(runs.first?.checks.count == AWSChecks.all.count)
            }
        }
    }
}
