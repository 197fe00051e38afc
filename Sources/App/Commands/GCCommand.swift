import ArgumentParser
import ComplianceCore
import EvidenceStore
import Foundation
import UseCases

struct GCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Find blobs no evidence references and spool files of unfinished uploads; remove them with --delete.",
        discussion: """
            attest gc                      list what would go (a dry run)
            attest gc --delete             remove it
            Only files older than --grace-minutes (default 60) count, so an upload in flight is never touched.
            """)

    @OptionGroup var data: DataOptions
    @Flag(help: "Remove what is found (without it, only list).") var delete = false
    @Option(help: "Ignore files younger than this many minutes.") var graceMinutes = 60

    func run() async throws {
        guard (1...100_000).contains(graceMinutes) else { throw ValidationError("--grace-minutes must be 1 to 100000.") }
        let settings = try data.settings()
        guard case .files = settings.blobStore else {
            throw ValidationError("attest gc works on the file blob store; for S3, expire unreferenced objects with the bucket's lifecycle rules.")
        }
        let blobs = FileBlobStore(root: URL(fileURLWithPath: settings.dataDirectory).appendingPathComponent("blobs"))
        try await Runtime.withStore(settings) { store in
            let collection = GarbageCollection(store: store, blobs: blobs)
            let finding = try await collection.find(grace: TimeInterval(graceMinutes * 60))
            for file in finding.orphanBlobs { print("orphan blob  \(file.sha256 ?? "")  \(file.size) bytes") }
            for file in finding.staleSpool { print("stale spool  \(file.url.lastPathComponent)  \(file.size) bytes") }
            let summary = "\(finding.orphanBlobs.count) orphan blobs, \(finding.staleSpool.count) stale spool files, \(finding.bytes) bytes"
            if delete {
                print("\(summary): removed \(collection.remove(finding)) files")
            } else {
                print("\(summary) (a dry run: add --delete to remove them)")
            }
        }
    }
}
