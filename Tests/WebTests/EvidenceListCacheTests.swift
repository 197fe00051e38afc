import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import TestSupport
import Testing
import UseCases

@testable import Web

@Suite("The cached evidence list")
struct EvidenceListCacheTests {
    /// Whatever happens between two reads, the cached list and its JSON equal a cold read.
    @Test(arguments: TestDatabase.available)
    func staysEqualToAFreshReadAcrossChanges(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let scope = try await fixtures.scope("acme", as: owner)
            let blob = { (n: Int) in
                AttachedBlob(
                    sha256: String(repeating: String(n % 10), count: 64), size: Int64(n), contentType: "text/plain",
                    fileName: "f\(n).txt", period: nil, source: .init(kind: .import, actor: "cli:t"), rowCount: nil)
            }
            var ids: [UUID] = []
            for n in 0..<5 {
                ids.append(
                    try await store.evidence.insert(
                        try EvidenceItem.new(NewEvidence(title: "Item \(n)", frequency: .monthly), organizationID: scope.organizationID, now: Date()),
                        firstVersion: blob(n), in: scope
                    ).id)
            }
            let json = EvidenceJSONCache()
            _ = try await json.unfiltered(scope, evidence: EvidenceWorkflow(storage: store.evidence))

            // Changes through the same store, and through another one (as another process would).
            let other = Store(database: store.database, bcryptCost: 4)
            _ = try await store.evidence.appendVersion(blob(7), to: ids[1], in: scope)
            _ = try await other.evidence.review(ids[2], status: .approved, comment: "fine", in: scope)
            _ = try await other.evidence.insert(
                try EvidenceItem.new(NewEvidence(title: "Late item"), organizationID: scope.organizationID, now: Date()), firstVersion: blob(8),
                in: scope)
            try await fixtures.user("erin@acme.example", in: "acme", role: .member)  // moves the log, not the evidence
            _ = try await store.evidence.appendVersion(blob(9), to: ids[4], in: scope)

            let cached = try await store.evidence.snapshot(in: scope).items
            let cold = try await Store(database: store.database, bcryptCost: 4).evidence.snapshot(in: scope).items
            #expect(cached == cold)
            #expect(cached.first?.title == "Late item")
            let now = Date()
            let document = try await json.unfiltered(scope, evidence: EvidenceWorkflow(storage: store.evidence), now: now)
            #expect(document == EvidenceListJSON.write(cold, asOf: nil, now: now))
        }
    }
}
