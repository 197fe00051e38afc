import Foundation
import Testing

/// The layering rules of DESIGN.md, checked on the source tree so that a shortcut fails the build's tests.
@Suite("Architecture")
struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func swiftFiles(under folder: String) -> [(path: String, text: String)] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.compactMap { url in
            (try? String(contentsOf: url, encoding: .utf8)).map { (String(url.path.dropFirst(root.path.count + 1)), $0) }
        }
    }

    /// Rights are decided in AccessPolicy: no `case .auditor` or `switch … standing` anywhere else.
    @Test func rightsAreDecidedOnlyInTheAccessPolicy() {
        let decision = try! Regex(#"case \.(auditor|member|operator)\b|switch [a-z.]*standing"#)
        let sources = Self.swiftFiles(under: "Sources")
        #expect(sources.count > 100, "the source tree is found from \(Self.root.path)")
        for (path, text) in sources where !path.hasPrefix("Sources/ComplianceCore/Access/") {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(decision) {
                Issue.record("\(path):\(number + 1) decides a right outside AccessPolicy: \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    /// Storage is storage: Persistence asks no right and holds no callback into the layers above; the
    /// use cases decide and storage keeps what they decided (issue 10, item 3).
    @Test func storageDecidesNoRight() {
        let files = Self.swiftFiles(under: "Sources/Persistence")
        #expect(!files.isEmpty)
        for (path, text) in files {
            for banned in ["scope.require(", "scope.allows(", "AccessPolicy.", "import UseCases", "import Web"] where text.contains(banned) {
                Issue.record("\(path) has \(banned): rights and rules belong to the use cases")
            }
        }
    }

    /// API bodies are their own types: no field of a response in Sources/Web is typed with a stored
    /// record's document (every `RecordKind`'s value), so a stored field's rename is not an API
    /// change (issue 10, item 6).
    @Test func responsesNeverEncodeAStoredDocument() throws {
        let kinds = try String(contentsOf: Self.root.appendingPathComponent("Sources/ComplianceCore/Storage/RecordKinds.swift"), encoding: .utf8)
        let stored = Set(kinds.matches(of: try Regex(#"Value == ([\w.]+)"#)).compactMap { $0.output[1].substring.map(String.init) })
        #expect(stored.count > 15)
        let field = try Regex(#"^\s*let \w+: \[?([\w.]+)\]?\??\s*$"#)
        for (path, text) in Self.swiftFiles(under: "Sources/Web") where path.hasSuffix("APIModels.swift") || path.hasSuffix("Bodies.swift") {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let match = try field.firstMatch(in: String(line)), let type = match.output[1].substring.map(String.init),
                    stored.contains(type) || stored.contains("ComplianceCore." + type)
                else { continue }
                Issue.record("\(path):\(number + 1) answers with the stored \(type); give the API its own body")
            }
        }
    }

    /// The edges and the renderers call the use cases; only App, the composition root, wires storage in.
    /// The evidence store keeps blobs and the log; it reaches storage only through `LogStorage`.
    @Test(arguments: ["Sources/Web", "Sources/WebViews", "Sources/Reports", "Sources/EvidenceStore"])
    func noDatabaseAbove(_ folder: String) {
        let files = Self.swiftFiles(under: folder)
        #expect(!files.isEmpty)
        for (path, text) in files {
            for banned in ["import Persistence", "import FluentKit", "import SQLKit"] where text.contains(banned) {
                Issue.record("\(path) has \(banned)")
            }
        }
    }

    @Test func webDoesNotDependOnPersistenceInThePackage() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let web = try #require(manifest.range(of: "name: \"Web\","))
        let end = try #require(manifest.range(of: "swiftSettings:", range: web.upperBound..<manifest.endIndex))
        #expect(!manifest[web.upperBound..<end.lowerBound].contains("\"Persistence\""))
    }

    /// Small files by domain noun: none in Sources/ over 400 lines.
    @Test func noSourceFileIsOver400Lines() {
        for (path, text) in Self.swiftFiles(under: "Sources") {
            let count = text.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(count <= 401, "\(path) has \(count) lines; split it by noun")
        }
    }
}
