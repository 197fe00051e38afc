import AWSSigning
import Collectors
import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import TestSupport
import UseCases

/// A store, a blob directory and the collection workflow over them, with an organisation and its owner.
struct CollectorWorld: Sendable {
    let store: Store
    let intake: EvidenceService
    let workflow: CollectionWorkflow
    let scope: TenantScope
    let fixtures: Fixtures
    let keys: SigningKeys

    static func run(_ database: TestDatabase, _ body: @Sendable (CollectorWorld) async throws -> Void) async throws {
        try await database.withStore { store in
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("attest-collect-\(UUID())")
            let keys = SigningKeys(directory: scratch.appendingPathComponent("keys"))
            let intake = EvidenceService(
                store: store, blobs: FileBlobStore(root: scratch.appendingPathComponent("blobs")),
                log: TransparencyLog(storage: store.log, keys: keys),
                sizeLimit: 64 << 20)
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let scope = try await fixtures.scope("acme", as: owner)
            try await body(
                CollectorWorld(
                    store: store, intake: intake, workflow: CollectionWorkflow(records: store.records, intake: intake), scope: scope,
                    fixtures: fixtures,
                    keys: keys))
        }
    }

    func verifier() -> LogVerifier { LogVerifier(store: store, blobs: intake.blobs, keys: keys) }
}

extension AWSCollector {
    /// A collector against `endpoint` with quick retries and a short deadline, for tests.
    static func testing(_ endpoint: URL, _ credentials: AWSCredentials, regions: [String] = ["us-east-1"], timeout: Duration = .seconds(20))
        -> AWSCollector
    {
        AWSCollector(
            client: AWSClient(http: CollectorHTTP(timeout: timeout, retry: .fast), credentials: credentials, endpoint: endpoint), regions: regions)
    }
}

extension CollectionResult {
    func outcome(_ id: String) -> CheckOutcome? { outcomes.first { $0.check.id == id } }

    func failing(_ id: String) -> Set<String> { Set(outcome(id)?.failing.map(\.id) ?? []) }
}
