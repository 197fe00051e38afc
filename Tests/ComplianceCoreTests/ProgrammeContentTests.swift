import Catalogs
import ComplianceCore
import Foundation
import Testing

@Suite("Shipped programme content")
struct ProgrammeContentTests {
    let content = ProgrammeContent.bundled

    @Test func everyCriterionIsAddressedByAShippedControl() {
        #expect(content.library.controls.count >= 100)
        #expect(content.library.uncovered(in: content.catalog) == [])
        #expect(content.catalog.criteria.count == 61)
        for control in content.library.controls {
            #expect(!control.procedures.isEmpty, "\(control.id) has no suggested test")
            #expect(!control.evidence.isEmpty, "\(control.id) names no evidence")
        }
        #expect(Set(content.library.controls.map(\.type)) == Set(ControlType.allCases))
    }

    @Test func theCorePoliciesAreThereAndMapped() {
        let ids = Set(content.policies.map(\.id))
        #expect(content.policies.count >= 15)
        for id in [
            "information-security", "acceptable-use", "access-control", "asset-management", "business-continuity", "change-management",
            "data-classification", "data-retention", "encryption", "incident-response", "risk-management", "vendor-management",
            "human-resources", "secure-development", "physical-security", "code-of-conduct", "privacy",
        ] {
            #expect(ids.contains(id), "missing template \(id)")
        }
        let privacy = try! #require(content.policyTemplate("privacy"))
        #expect(!privacy.isOffered(for: [.security]))
        #expect(privacy.isOffered(for: [.security, .privacy]))
        for template in content.policies {
            #expect(PolicyTemplateText.unknownPlaceholder(in: template.body) == nil)
            #expect(!template.criteria.isEmpty)
        }
    }

    @Test func annexAHas93ControlsInFourThemesAndEachIsMapped() {
        let annex = content.crosswalk.annexA
        #expect(annex.count == 93)
        #expect(annex.filter { $0.theme == .organizational }.count == 37)
        #expect(annex.filter { $0.theme == .people }.count == 8)
        #expect(annex.filter { $0.theme == .physical }.count == 14)
        #expect(annex.filter { $0.theme == .technological }.count == 34)
        let mapped = Set(content.crosswalk.rows.map(\.annexA))
        #expect(annex.allSatisfy { mapped.contains($0.id) })
    }

    @Test func aControlFileWithAnUnknownCriterionSaysWhere() {
        let text = """
            id: t
            version: "1"
            controls:
              - id: ACC-01
                title: A
                description: B
                type: manual
                frequency: annual
                owner: cto
                criteria: [CC6.1, CC99.9]
                tests:
                  inquiry: Ask.
                evidence: [Something]
            """
        let error = #expect(throws: ContentFileError.self) { try ControlLibraryLoader.parse(text, file: "controls.yaml", catalog: content.catalog) }
        #expect(error?.line == 10)
        #expect(error?.description.contains("controls.yaml:10:") == true)
        #expect(error?.message.contains("CC99.9") == true)
    }

    @Test func aControlFileWithASyntaxErrorSaysFileLineAndColumn() {
        let error = #expect(throws: ContentFileError.self) {
            try ControlLibraryLoader.parse("id: t\ncontrols:\n  - id: [ACC-01\n", file: "mine.yaml", catalog: content.catalog)
        }
        #expect(error?.file == "mine.yaml")
        #expect((error?.line ?? 0) >= 3)
        #expect(error?.message.contains("YAML syntax error") == true)
    }

    @Test func anUnknownTestMethodIsRefused() {
        let text =
            "id: t\nversion: \"1\"\ncontrols:\n  - id: ACC-01\n    title: A\n    description: B\n    type: manual\n    frequency: annual\n    owner: cto\n    criteria: [CC6.1]\n    tests:\n      guessing: Guess.\n    evidence: [X]\n"
        let error = #expect(throws: ContentFileError.self) { try ControlLibraryLoader.parse(text, file: "c.yaml", catalog: content.catalog) }
        #expect(error?.message.contains("unknown test method 'guessing'") == true)
    }

    @Test func aPolicyTemplateWithAnUnknownVariableIsRefusedWithItsLine() {
        let text = "---\nid: my-policy\ntitle: Mine\ncriteria: [CC1.1]\n---\n# Mine\n\n{{company}} keeps {{secret_sauce}} safe.\n"
        let error = #expect(throws: ContentFileError.self) { try PolicyTemplateLoader.parse(text, file: "mine.md", catalog: content.catalog) }
        #expect(error?.line == 8)
        #expect(error?.message.contains("secret_sauce") == true)
        #expect(throws: DomainError.self) {
            try PolicyTemplateText.render("Hello {{nobody}}", with: PolicyVariables(company: "A", owner: "B", securityContact: "C"))
        }
    }

    @Test func aCrosswalkCSVWithMissingOrExtraColumnsIsRefused() {
        let annex = content.crosswalk.annexA
        let missing = #expect(throws: ContentFileError.self) {
            try CrosswalkLoader.mapping("criterion,annex_a\nCC6.1,A.5.15\n", file: "map.csv", catalog: content.catalog, annexA: annex)
        }
        #expect(missing?.message.contains("missing column(s) relationship") == true)
        let extra = #expect(throws: ContentFileError.self) {
            try CrosswalkLoader.mapping(
                "criterion,annex_a,relationship,notes\nCC6.1,A.5.15,equal,x\n", file: "map.csv", catalog: content.catalog, annexA: annex)
        }
        #expect(extra?.message.contains("unknown column(s) notes") == true)
        let short = #expect(throws: ContentFileError.self) {
            try CrosswalkLoader.mapping("criterion,annex_a,relationship\nCC6.1,A.5.15\n", file: "map.csv", catalog: content.catalog, annexA: annex)
        }
        #expect(short?.message.contains("line 2") == true)
        let unknown = #expect(throws: ContentFileError.self) {
            try CrosswalkLoader.mapping(
                "criterion,annex_a,relationship\nCC6.1,A.9.1,equal\n", file: "map.csv", catalog: content.catalog, annexA: annex)
        }
        #expect(unknown?.line == 2)
        let rows = try? CrosswalkLoader.mapping(
            "criterion,annex_a,relationship\r\nCC6.1,A.5.15,Subset\r\n", file: "map.csv", catalog: content.catalog, annexA: annex)
        #expect(rows == [CrosswalkRow(criterion: "CC6.1", annexA: "A.5.15", relationship: .subset)])
    }
}
