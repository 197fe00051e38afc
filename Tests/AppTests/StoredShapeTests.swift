import ComplianceCore
import Foundation
import Logging
import Persistence
import TestSupport
import Testing

@testable import App

/// The stored documents (each programme record's canonical JSON, which is also its log event's state)
/// are a format that verifiers and old databases depend on. Renaming a Swift property silently
/// changed it; now every field path of every kind, with its JSON type, is a reviewed golden file.
///
/// After an intended change, write the file anew with `ATTEST_RECORD_GOLDEN=1 swift test --filter StoredShapeTests`
/// and review the diff: a removed or renamed path also needs a migration of stored rows.
@Suite("Stored document shapes")
struct StoredShapeTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/stored-shapes.txt")

    @Test func everyStoredKindKeepsItsShape() async throws {
        try await WebHarness.run(.sqlite) { web in
            _ = try await DemoSeed.seedIfNeeded(web.store, evidence: web.evidence, logger: Logger(label: "test"))
            var shapes: [String: Set<String>] = [:]
            for organization in try await web.store.organizations.all() {
                for row in try await web.store.log.storedRows(of: organization.id) {
                    guard let state = row.state else { continue }
                    Self.paths(
                        try JSONValue.parse(Data(state.utf8)), at: "", into: &shapes[row.event.entityType, default: []])
                }
            }
            let text =
                shapes.keys.sorted().map { kind in
                    "[\(kind)]\n" + shapes[kind]!.sorted().joined(separator: "\n")
                }.joined(separator: "\n\n") + "\n"
            if ProcessInfo.processInfo.environment["ATTEST_RECORD_GOLDEN"] != nil {
                try FileManager.default.createDirectory(at: Self.golden.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: Self.golden)
            }
            let expected = (try? String(contentsOf: Self.golden, encoding: .utf8)) ?? ""
            let added = Set(text.split(separator: "\n")).subtracting(expected.split(separator: "\n")).sorted()
            let removed = Set(expected.split(separator: "\n")).subtracting(text.split(separator: "\n")).sorted()
            #expect(text == expected, "stored shapes changed; added: \(added.prefix(20)), removed: \(removed.prefix(20))")
        }
    }

    /// Every path to a leaf, as `path: type`; arrays as `[]`. Keys of maps keyed by data (criterion ids,
    /// template names) are field names too here, which is what a reader of the document sees.
    static func paths(_ value: JSONValue, at path: String, into out: inout Set<String>) {
        switch value {
        case .object(let object):
            if object.isEmpty { out.insert("\(path): {}") }
            for (key, child) in object { paths(child, at: "\(path).\(key)", into: &out) }
        case .array(let array):
            if array.isEmpty { out.insert("\(path)[]: empty") }
            for child in array { paths(child, at: "\(path)[]", into: &out) }
        case .null: out.insert("\(path): null")
        case .bool: out.insert("\(path): bool")
        case .number: out.insert("\(path): number")
        case .string: out.insert("\(path): string")
        }
    }
}
