import Catalogs
import ComplianceCore
import Testing

@Suite("The bundled criteria catalog")
struct CatalogTests {
    let catalog = CatalogLoader.bundled

    @Test func identifiesItsEdition() {
        #expect(catalog.id == "tsc-2017-pof-2022")
        #expect(!catalog.version.isEmpty)
    }

    @Test func countsEveryCategory() {
        #expect(catalog.criteria(in: .security).count == 33)
        #expect(catalog.criteria(in: .availability).count == 3)
        #expect(catalog.criteria(in: .processingIntegrity).count == 5)
        #expect(catalog.criteria(in: .confidentiality).count == 2)
        #expect(catalog.criteria(in: .privacy).count == 18)
        #expect(catalog.criteria.count == 61)
    }

    @Test func idsAreUniqueAndExact() {
        let ids = catalog.criteria.map(\.id)
        #expect(Set(ids).count == 61)
        let expected = [
            "CC1.1", "CC1.5", "CC2.3", "CC3.4", "CC4.2", "CC5.3", "CC6.8", "CC7.5", "CC8.1", "CC9.2",
            "A1.3", "PI1.5", "C1.2", "P1.1", "P2.1", "P3.2", "P4.3", "P5.2", "P6.7", "P7.1", "P8.1",
        ]
        for id in expected { #expect(catalog.criterion(id) != nil, "missing \(id)") }
        #expect(catalog.criterion("CC6.9") == nil)
        #expect(catalog.criterion("CC10.1") == nil)
    }

    @Test func commonCriteriaFollowTheSeventeenCOSOPrinciples() {
        let principles = catalog.criteria.compactMap(\.cosoPrinciple)
        #expect(principles.sorted() == Array(1...17))
        #expect(catalog.criteria.filter { $0.cosoPrinciple != nil }.allSatisfy { ["CC1", "CC2", "CC3", "CC4", "CC5"].contains($0.group) })
        #expect(catalog.criterion("CC2.1")?.cosoPrinciple == 13)
    }

    @Test func hasTheNineDescriptionCriteria() {
        #expect(catalog.descriptionCriteria.map(\.id) == (1...9).map { "DC\($0)" })
    }

    @Test func everyCriterionHasProseAndAGroup() {
        for criterion in catalog.criteria {
            #expect(!criterion.title.isEmpty && !criterion.summary.isEmpty)
            #expect(catalog.group(criterion.group)?.category == criterion.category)
            #expect(!criterion.pointsOfFocus.isEmpty, "\(criterion.id) has no points of focus")
        }
    }

    @Test func searchFindsByWordsAndCategory() {
        #expect(catalog.search("vendor").contains { $0.id == "CC9.2" })
        #expect(catalog.search("backup restore", category: .availability).map(\.id) == ["A1.3"])
        #expect(catalog.search("encryption", category: .privacy).isEmpty)
    }
}
