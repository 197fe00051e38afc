import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import TestSupport
import Testing
import UseCases

/// An evidence service over a test database and a scratch blob directory.
struct EvidenceWorld {
    let store: Store
    let service: EvidenceService
    let fixtures: Fixtures
    let blobRoot: URL
    let keys: SigningKeys

    static func run(_ database: TestDatabase, _ body: @Sendable (EvidenceWorld) async throws -> Void) async throws {
        try await database.withStore { store in
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("attest-ev-\(UUID())")
            let keys = SigningKeys(directory: scratch.appendingPathComponent("keys"))
            let blobs = FileBlobStore(root: scratch.appendingPathComponent("blobs"))
            let service = EvidenceService(store: store, blobs: blobs, log: TransparencyLog(storage: store.log, keys: keys), sizeLimit: 1 << 20)
            try await body(EvidenceWorld(store: store, service: service, fixtures: Fixtures(store: store), blobRoot: blobs.root, keys: keys))
        }
    }

    func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("in-\(UUID())")
        try Data(text.utf8).write(to: url)
        return url
    }

    func add(_ text: String, title: String = "Access review", in scope: TenantScope, itemID: UUID? = nil, fileName: String = "review.csv")
        async throws -> EvidenceItem
    {
        try await service.ingest(
            contentsOf: try file(text),
            .init(
                fileName: fileName, period: try EvidencePeriod(parsing: "2026-01-01..2026-03-31"),
                source: EvidenceSource(kind: .upload, actor: scope.actor.description), itemID: itemID,
                details: itemID == nil ? NewEvidence(title: title, criteria: ["CC6.3"], frequency: .quarterly) : nil), in: scope)
    }

    func verifier() -> LogVerifier { LogVerifier(store: store, blobs: service.blobs, keys: keys) }
}

@Suite("Evidence, the log and verify")
struct EvidenceLifecycleTests {
    @Test(arguments: TestDatabase.available)
    func versionsStackAndIdenticalContentIsStoredOnce(_ database: TestDatabase) async throws {
        try await EvidenceWorld.run(database) { world in
            let (_, owner) = try await world.fixtures.organization("acme")
            let scope = try await world.fixtures.scope("acme", as: owner)
            let first = try await world.add("user,role\nerin,admin\nsam,member\n", in: scope, fileName: "../../etc/evil\u{0}.csv")
            #expect(first.latest?.number == 1)
            #expect(first.latest?.contentType == "text/csv")
            #expect(first.latest?.rowCount == 2)
            #expect(first.latest?.fileName == "evil.csv")
            let second = try await world.add("user,role\nerin,admin\n", in: scope, itemID: first.id)
            #expect(second.latest?.number == 2)
            _ = try await world.add("user,role\nerin,admin\nsam,member\n", title: "Same bytes", in: scope)
            let (_, versions) = try await EvidenceWorkflow(storage: world.store.evidence).get(first.id, in: scope)
            #expect(versions.map(\.number) == [2, 1])
            let blobFiles = try FileManager.default.subpathsOfDirectory(atPath: world.blobRoot.path).filter {
                $0.count > 60 && !$0.hasPrefix("spool")
            }
            #expect(blobFiles.count == 2)
            let report = try await world.verifier().verify(scope.organization)
            #expect(report.passed, "\(report.problems)")
            #expect(report.blobsChecked == 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func rolesAndTenancyHoldForEvidence(_ database: TestDatabase) async throws {
        try await EvidenceWorld.run(database) { world in
            let (_, owner) = try await world.fixtures.organization("acme")
            let viewer = try await world.fixtures.user("vera@acme.example", in: "acme", role: .viewer)
            let (_, outsider) = try await world.fixtures.organization("globex")
            let item = try await world.add("x,y\n1,2\n", in: try await world.fixtures.scope("acme", as: owner))
            let viewerScope = try await world.fixtures.scope("acme", as: viewer)
            #expect(try await EvidenceWorkflow(storage: world.store.evidence).list(in: viewerScope).count == 1)
            let forbidden = await #expect(throws: DomainError.self) { try await world.add("a", in: viewerScope) }
            #expect(forbidden?.kind == .forbidden)
            await #expect(throws: DomainError.self) {
                try await EvidenceWorkflow(storage: world.store.evidence).review(item.id, status: .approved, comment: nil, in: viewerScope)
            }
            let globex = try await world.fixtures.scope("globex", as: outsider)
            let hidden = await #expect(throws: DomainError.self) {
                try await EvidenceWorkflow(storage: world.store.evidence).get(item.id, in: globex)
            }
            #expect(hidden?.kind == .notFound)
            await #expect(throws: DomainError.self) { try await world.add("b", in: globex, itemID: item.id) }
        }
    }

    @Test(arguments: TestDatabase.available)
    func tamperingIsFoundAndNamed(_ database: TestDatabase) async throws {
        try await EvidenceWorld.run(database) { world in
            let (org, owner) = try await world.fixtures.organization("acme")
            let scope = try await world.fixtures.scope("acme", as: owner)
            let item = try await world.add("user,role\nerin,admin\n", in: scope)
            _ = try await world.add("policy text", title: "Policy", in: scope)
            _ = try await world.service.log.head(of: org.id)
            #expect(try await world.verifier().verify(org).passed)

            // 1. A blob's bytes change on disk.
            let sha = try #require(item.latest?.sha256)
            let path = world.blobRoot.appendingPathComponent(String(sha.prefix(2))).appendingPathComponent(String(sha.dropFirst(2).prefix(2)))
                .appendingPathComponent(sha)
            try Data("user,role\nmallory,admin\n".utf8).write(to: path)
            var report = try await world.verifier().verify(org)
            #expect(report.problems.contains { $0.contains("blob \(sha)") && $0.contains("has changed") })
            try Data("user,role\nerin,admin\n".utf8).write(to: path)

            // 2. A version row is edited to point at other bytes.
            try await world.store.database.execute(
                "UPDATE evidence_versions SET sha256 = '\(String(repeating: "a", count: 64))' WHERE sha256 = '\(sha)'")
            report = try await world.verifier().verify(org)
            let version = try #require(item.latest?.id.uuidString.lowercased())
            #expect(report.problems.contains { $0.contains("evidence version \(version)") && $0.contains("changed outside Attest") })
            try await world.store.database.execute(
                "UPDATE evidence_versions SET sha256 = '\(sha)' WHERE sha256 = '\(String(repeating: "a", count: 64))'")
            #expect(try await world.verifier().verify(org).passed)

            // 3. A log entry is back-dated.
            try await world.store.database.execute("UPDATE events SET action = 'backdated' WHERE sequence = 3")
            report = try await world.verifier().verify(org)
            #expect(report.problems.contains { $0.contains("log entry 3") && $0.contains("changed after it was written") })
            #expect(report.problems.contains { $0.contains("does not match the log") })
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRemovedLeafAndAForgedHeadAreFound(_ database: TestDatabase) async throws {
        try await EvidenceWorld.run(database) { world in
            let (org, owner) = try await world.fixtures.organization("acme")
            let scope = try await world.fixtures.scope("acme", as: owner)
            _ = try await world.add("a,b\n1,2\n", in: scope)
            _ = try await world.service.log.head(of: org.id)
            try await world.store.database.execute("DELETE FROM events WHERE sequence = 2")
            var report = try await world.verifier().verify(org)
            #expect(report.problems.contains { $0.contains("missing or out of order") })
            #expect(report.problems.contains { $0.contains("covers more entries than the log has") || $0.contains("does not match the log") })

            try await world.store.database.execute("UPDATE tree_heads SET signature = '\(Data(repeating: 1, count: 64).base64EncodedString())'")
            report = try await world.verifier().verify(org)
            #expect(report.problems.contains { $0.contains("bad signature") })
        }
    }

    @Test(arguments: TestDatabase.available)
    func proofsVerifyAndTheBundleChecksOffline(_ database: TestDatabase) async throws {
        try await EvidenceWorld.run(database) { world in
            let (org, owner) = try await world.fixtures.organization("acme")
            let scope = try await world.fixtures.scope("acme", as: owner)
            var items: [EvidenceItem] = []
            for index in 0..<5 {
                items.append(try await world.add("row,\(index)\n", title: "Item \(index)", in: scope))
                _ = try await world.service.log.head(of: org.id)
            }
            for item in items {
                let proof = try await world.service.proof(of: try #require(item.latest), in: scope)
                #expect(proof.verifies)
            }
            let head = try await world.service.log.head(of: org.id)
            let consistency = try await world.service.log.consistencyProof(of: org.id, first: 3, second: head.head.treeSize)
            let tree = try await world.service.log.tree(of: org.id)
            #expect(
                MerkleVerifier.verifyConsistency(
                    first: 3, second: head.head.treeSize, firstRoot: tree.root(size: 3), secondRoot: head.head.rootHash, proof: consistency))

            let bundle = try await LogBundle.export(org, store: world.store)
            #expect(bundle.heads.count == 5)
            #expect(bundle.verify(publicKey: head.publicKey).isEmpty)
            // A third party with a bundle whose leaf was altered, or the wrong key, is told so.
            var leaves = bundle.leaves
            leaves[2] = Data("forged".utf8).base64EncodedString()
            let forged = try JSONDecoder().decode(LogBundle.self, from: try JSONEncoder().encode(bundle).replacingBundleLeaves(leaves))
            #expect(!forged.verify(publicKey: head.publicKey).isEmpty)
            #expect(!bundle.verify(publicKey: Array(repeating: 9, count: 32)).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func statesReplayAsOfAPastDate(_ database: TestDatabase) async throws {
        try await EvidenceWorld.run(database) { world in
            let (_, owner) = try await world.fixtures.organization("acme")
            let scope = try await world.fixtures.scope("acme", as: owner)
            let item = try await world.add("v1", in: scope)
            let between = Date()
            try await Task.sleep(for: .milliseconds(20))
            _ = try await world.add("v2", in: scope, itemID: item.id)
            _ = try await EvidenceWorkflow(storage: world.store.evidence).review(item.id, status: .approved, comment: "looks right", in: scope)
            let then = try await EvidenceWorkflow(storage: world.store.evidence).asOf(between, in: scope)
            #expect(then.count == 1)
            #expect(then.first?.status == .notReady)
            #expect(then.first?.latest?.number == 1)
            let now = try await EvidenceWorkflow(storage: world.store.evidence).asOf(Date(), in: scope)
            #expect(now.first?.status == .approved && now.first?.latest?.number == 2)
            #expect(try await EvidenceWorkflow(storage: world.store.evidence).asOf(Date(timeIntervalSince1970: 0), in: scope).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func concurrentUploadsKeepOneConsistentLog(_ database: TestDatabase) async throws {
        try await EvidenceWorld.run(database) { world in
            let (org, owner) = try await world.fixtures.organization("acme")
            let scope = try await world.fixtures.scope("acme", as: owner)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<16 {
                    group.addTask { _ = try await world.add("content \(index)", title: "Upload \(index)", in: scope) }
                    if index % 4 == 0 { group.addTask { _ = try await world.service.log.head(of: org.id) } }
                }
                try await group.waitForAll()
            }
            _ = try await world.service.log.head(of: org.id)
            let report = try await world.verifier().verify(org)
            #expect(report.passed, "\(report.problems)")
            // The organisation, its owner, the published signing key, two entries per upload.
            #expect(report.leaves == 3 + 16 * 2)
        }
    }
}

extension Data {
    /// The same bundle JSON with other leaves.
    func replacingBundleLeaves(_ leaves: [String]) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: self) as! [String: Any]
        object["leaves"] = leaves
        return try JSONSerialization.data(withJSONObject: object)
    }
}
