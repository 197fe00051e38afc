import ComplianceCore
import Foundation
import Testing

/// `attest verify` compares every kind of stored record with the log: the list it walks is every
/// kind declared, so a new kind cannot be left out of the census.
@Suite("Record kinds")
struct RecordKindTests {
    @Test func theCensusNamesEveryDeclaredKind() throws {
        let file = ArchitectureTests.root.appendingPathComponent("Sources/ComplianceCore/Storage/RecordKinds.swift")
        let text = try String(contentsOf: file, encoding: .utf8)
        let declared = Set(text.matches(of: try Regex(#"Self\(name: "(\w+)"\)"#)).compactMap { $0.output[1].substring.map(String.init) })
        #expect(declared.count >= 22)
        #expect(
            RecordKindNames.all == declared,
            "in the census only: \(RecordKindNames.all.subtracting(declared)); declared only: \(declared.subtracting(RecordKindNames.all))")
    }
}
