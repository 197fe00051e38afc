import ComplianceCore
import EvidenceStore
import Foundation
import Persistence

#if canImport(Glibc)
    import Glibc
#endif

/// Scans a population file from disk in 1 MiB reads: one pass, constant memory.
public enum PopulationFile {
    public static let chunkSize = 1 << 20

    /// - Parameter progress: called with the bytes read so far, about every 256 MiB.
    public static func scan(_ url: URL, keyColumn: String? = nil, progress: ((Int64) -> Void)? = nil) throws -> PopulationScan {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw DomainError.invalid("population", "cannot open '\(url.lastPathComponent)' (\(String(cString: strerror(errno)))).")
        }
        defer { close(descriptor) }
        var scanner = PopulationScanner(keyColumn: keyColumn)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        var reported: Int64 = 0
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw DomainError.invalid("population", "reading '\(url.lastPathComponent)' failed (\(String(cString: strerror(errno)))).")
            }
            if count == 0 { break }
            scanner.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            total += Int64(count)
            if let progress, total - reported >= 256 << 20 {
                reported = total
                progress(total)
            }
        }
        return scanner.finish()
    }
}

extension EvidenceService {
    /// One pass over a stored evidence version as a population (re-checking its digest on the way).
    public func scanPopulation(_ version: EvidenceVersion, keyColumn: String? = nil) async throws -> PopulationScan {
        var scanner = PopulationScanner(keyColumn: keyColumn)
        try await scan(version.sha256, with: &scanner)
        return scanner.finish()
    }

    /// Feeds a stored blob to a scanner, chunk by chunk (its digest re-checked on the way).
    func scan(_ sha256: String, with scanner: inout PopulationScanner) async throws {
        var local = scanner
        do {
            try await blobs.read(sha256) { chunk in
                chunk.withUnsafeBytes { local.consume($0) }
            }
        } catch let error as BlobError {
            throw error.domainError
        }
        scanner = local
    }
}

extension EvidenceService {
    /// The first field (the key people recognise) of each given row of a frozen population, read
    /// in one pass over its stored file, so a sample shows "row 12 · 4012" instead of a bare row.
    public func populationKeys(_ population: Population, rows: [Int]) async throws -> [SampleKey] {
        guard !rows.isEmpty else { return [] }
        var scanner = PopulationScanner(pick: Set(rows))
        try await scan(population.scan.sha256, with: &scanner)
        _ = scanner.finish()
        return rows.sorted().compactMap { row in scanner.picked[row].map { SampleKey(row: row, key: $0) } }
    }
}

extension EvidenceService {
    /// The audit firm's own population: the uploaded file is scanned before anything is stored,
    /// so a file with bad rows is refused (each named by line) and leaves nothing behind. A good
    /// one is kept as an evidence item marked as the auditor's, then frozen from that version.
    /// The caller keeps the spool file and discards it when done.
    public func pullPopulation(
        _ spooled: SpooledBlob, fileName: String, details: FreezeDetails, keyColumn: String?,
        into engagement: UUID, in scope: TenantScope
    ) async throws -> Population {
        let fieldwork = store.programme.fieldwork
        let name = try await fieldwork.checkFreeze(details, into: engagement, in: scope)
        let scan = try PopulationFile.scan(spooled.file, keyColumn: keyColumn)
        guard scan.isValid else { throw PopulationScan.refusal(scan, fileName: fileName) }
        let upload = Upload(
            fileName: fileName, period: nil, source: EvidenceSource(kind: .auditor, actor: scope.actor.description, method: details.extractionQuery),
            rowCount: scan.rows,
            details: NewEvidence(
                title: "Population pulled by the auditor: \(name)", description: details.extractionQuery,
                controls: details.controls, criteria: [], requests: [], frequency: nil))
        let item = try await ingest(spooled, upload, in: scope)
        guard let version = item.latest else { throw DomainError.notFound("Evidence version") }
        return try await fieldwork.freeze(details, into: engagement, evidence: item, version: version, scan: scan, in: scope)
    }
}
