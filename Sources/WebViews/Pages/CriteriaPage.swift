import ComplianceCore
import Plot

/// The criteria browser: filter by category, search by words, read the points of focus.
public enum CriteriaPage {
    public struct Model: Sendable {
        public let catalogName: String
        public let catalogID: String
        public let query: String
        public let category: TrustServicesCategory?
        public let groups: [CriterionGroup]
        public let criteria: [Criterion]

        public init(
            catalogName: String, catalogID: String, query: String, category: TrustServicesCategory?, groups: [CriterionGroup], criteria: [Criterion]
        ) {
            self.catalogName = catalogName
            self.catalogID = catalogID
            self.query = query
            self.category = category
            self.groups = groups
            self.criteria = criteria
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        Shell.page(shell, title: "Criteria") {
            H1("Trust Services Criteria")
            Paragraph("\(model.catalogName) (\(model.catalogID)). Summaries are Attest's own words; the criterion ids are exact.").class("lede")
            Form(url: "/criteria", method: .get) {
                Markup.field("Search", name: "q", type: "search", value: model.query)
                Markup.select(
                    "Category", name: "category",
                    options: [("", "All categories")] + TrustServicesCategory.allCases.map { ($0.rawValue, $0.displayName) },
                    selected: model.category?.rawValue ?? "")
                Button("Filter").attribute(named: "type", value: "submit").class("secondary")
            }.class("filters")
            Paragraph("\(model.criteria.count) criteria").attribute(named: "role", value: "status")
            for group in model.groups {
                let members = model.criteria.filter { $0.group == group.id }
                if !members.isEmpty {
                    H2("\(group.id) · \(group.title)")
                    for criterion in members { entry(criterion) }
                }
            }
        }
    }

    private static func entry(_ criterion: Criterion) -> any Component {
        Markup.tag("details", ["class": "criterion", "id": criterion.id]) {
            Markup.tag("summary") {
                Span(criterion.id).class("id")
                Text(" \(criterion.title)")
                if let principle = criterion.cosoPrinciple { Span("COSO principle \(principle)").class("tag") }
            }
            Paragraph(criterion.summary)
            if !criterion.pointsOfFocus.isEmpty {
                H3("Points of focus")
                List(criterion.pointsOfFocus)
            }
        }
    }
}
