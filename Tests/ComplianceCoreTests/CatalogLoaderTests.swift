import Catalogs
import ComplianceCore
import Foundation
import Testing

@Suite("Loading a catalog file")
struct CatalogLoaderTests {
    static let valid = """
        id: test-catalog
        version: "1"
        name: Test
        groups:
          - {id: CC1, category: security, title: Control environment}
        criteria:
          - id: CC1.1
            group: CC1
            coso: 1
            title: Integrity
            summary: Honest conduct.
        description_criteria:
          - {id: DC1, title: Services, summary: What is provided.}
        """

    @Test func readsAValidFile() throws {
        let catalog = try CatalogLoader.parse(Self.valid, file: "test.yaml")
        #expect(catalog.id == "test-catalog")
        #expect(catalog.criterion("CC1.1")?.cosoPrinciple == 1)
    }

    @Test func syntaxErrorsNameFileLineAndColumn() {
        let error = #expect(throws: ContentFileError.self) {
            try CatalogLoader.parse("id: x\ngroups: [unclosed\ncriteria: []\n", file: "broken.yaml")
        }
        #expect(error?.file == "broken.yaml")
        #expect((error?.line ?? 0) >= 2)
        #expect(error?.description.hasPrefix("broken.yaml:") == true)
        #expect(error?.message.contains("YAML syntax error") == true)
    }

    @Test(arguments: [
        ("category: security,", "category: securty,", "groups[0].category", "unknown category 'securty'"),
        ("    coso: 1", "    coso: 18", "criteria[0].coso", "1 to 17"),
        ("  - id: CC1.1", "  - id: CC1.x", "criteria[0].id", "not a criterion id"),
        ("    summary: Honest conduct.", "    summary: Honest conduct.\n    colour: blue", "criteria[0].colour", "unknown field"),
        ("    group: CC1", "    group: CC9", "criteria[0].group", "unknown group"),
        ("  - {id: DC1,", "  - {id: DC10,", "description_criteria[0].id", "DC1 to DC9"),
    ])
    func fieldErrorsNameTheField(original: String, replacement: String, field: String, message: String) {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        let error = #expect(throws: ContentFileError.self) { try CatalogLoader.parse(text, file: "c.yaml") }
        #expect(error?.field == field)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect((error?.line ?? 0) > 0)
    }

    @Test func missingFieldsAreNamed() {
        let text = Self.valid.replacingOccurrences(of: "    summary: Honest conduct.\n", with: "")
        let error = #expect(throws: ContentFileError.self) { try CatalogLoader.parse(text, file: "c.yaml") }
        #expect(error?.message.contains("missing required field 'summary'") == true)
    }

    @Test func duplicateIdsAreRefused() {
        let text = Self.valid.replacingOccurrences(
            of: "description_criteria:",
            with: "  - {id: CC1.1, group: CC1, title: Again, summary: Twice.}\ndescription_criteria:")
        let error = #expect(throws: ContentFileError.self) { try CatalogLoader.parse(text, file: "c.yaml") }
        #expect(error?.message.contains("duplicate criterion id") == true)
    }

    @Test func anEmptyFileIsAnError() {
        #expect(throws: ContentFileError.self) { try CatalogLoader.parse("", file: "empty.yaml") }
    }
}
