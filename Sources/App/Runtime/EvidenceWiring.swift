import EvidenceStore
import Foundation
import Logging
import Persistence
import ServiceLifecycle
import UseCases

extension Settings {
    /// The blob store these settings name.
    func makeBlobStore() throws -> any BlobStore {
        let spool = URL(fileURLWithPath: dataDirectory).appendingPathComponent("blobs/spool", isDirectory: true)
        switch blobStore {
        case .files:
            return FileBlobStore(root: URL(fileURLWithPath: dataDirectory).appendingPathComponent("blobs", isDirectory: true))
        case .s3(let endpoint, let region, let bucket, let accessKey, let secretKey, let pathStyle):
            return S3BlobStore(
                configuration: S3Configuration(
                    endpoint: URL(string: endpoint)!, region: region, bucket: bucket, accessKey: accessKey,
                    secretKey: secretKey, pathStyle: pathStyle),
                spoolDirectory: spool)
        }
    }

    /// The key that seals connection credentials: ATTEST_SECRETS_KEY, else `secrets.key` in the key
    /// directory (made on first use, owner-only), never the database.
    func connectionKey() throws -> ConnectionKey {
        try ConnectionKey.load(file: URL(fileURLWithPath: keyDirectory).appendingPathComponent("secrets.key"))
    }

    func makeEvidenceService(store: Store) throws -> EvidenceService {
        let log = TransparencyLog(storage: store.log, keys: SigningKeys(directory: URL(fileURLWithPath: keyDirectory)))
        return EvidenceService(store: store, blobs: try makeBlobStore(), log: log, sizeLimit: maxUploadBytes)
    }
}

/// Periodic work: signs a tree head for every organisation whose log grew, and drops expired
/// sessions, every `interval` seconds.
struct HeadSigningService: Service {
    let log: TransparencyLog
    let sessions: SessionRepository
    let interval: Int
    let logger: Logger
    /// Several servers on one database sign in turn: the lease holder signs.
    var leases: JobLeases?

    func run() async throws {
        let lease = leases.map { Periodically.Lease(leases: $0, job: "tree-heads", duration: TimeInterval(max(2 * interval, 30))) }
        await Periodically.run(every: .seconds(interval), lease: lease, logger: logger, failure: "could not sign tree heads") {
            let signed = try await log.signGrownHeads()
            if signed > 0 { logger.info("signed \(signed) new tree heads") }
            try await sessions.purge()
        }
    }
}
