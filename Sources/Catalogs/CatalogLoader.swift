import ComplianceCore
import Foundation

/// Loads and validates a criteria catalog file (YAML, the format of `tsc-2017-pof-2022.yaml`).
public enum CatalogLoader {
    /// The catalog that ships with Attest.
    public static let bundled: Catalog = {
        do {
            return try load(contentsOf: Bundle.module.url(forResource: "tsc-2017-pof-2022", withExtension: "yaml")!)
        } catch {
            // The shipped file is checked by the tests; reaching this means the build is broken.
            fatalError("The bundled criteria catalog is invalid: \(error)")
        }
    }()

    public static func load(contentsOf url: URL) throws(ContentFileError) -> Catalog {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ContentFileError(file: url.path, line: 0, column: 0, field: "", message: "cannot read the file as UTF-8 text.")
        }
        return try parse(text, file: url.lastPathComponent)
    }

    public static func parse(_ text: String, file: String) throws(ContentFileError) -> Catalog {
        let root = try YAMLReader.parse(text, file: file)
        try root.requireKeys(allowed: ["id", "version", "name", "groups", "criteria", "description_criteria"])
        let groups = try readGroups(try root.required("groups"))
        let criteria = try readCriteria(try root.required("criteria"), groups: groups)
        let descriptions = try readDescriptionCriteria(try root.required("description_criteria"))
        return Catalog(
            id: try root.required("id").string(),
            version: try root.required("version").string(),
            name: try root.required("name").string(),
            groups: groups, criteria: criteria, descriptionCriteria: descriptions
        )
    }

    private static func readGroups(_ list: YAMLReader) throws(ContentFileError) -> [CriterionGroup] {
        var groups: [CriterionGroup] = []
        for item in try list.items() {
            try item.requireKeys(allowed: ["id", "category", "title"])
            let id = try item.required("id").string()
            guard !groups.contains(where: { $0.id == id }) else { throw item.fail("duplicate group id '\(id)'.") }
            groups.append(CriterionGroup(id: id, category: try category(item.required("category")), title: try item.required("title").string()))
        }
        return groups
    }

    private static func readCriteria(_ list: YAMLReader, groups: [CriterionGroup]) throws(ContentFileError) -> [Criterion] {
        var seen = Set<String>()
        var criteria: [Criterion] = []
        for item in try list.items() {
            try item.requireKeys(allowed: ["id", "group", "coso", "title", "summary", "points_of_focus"])
            let idField = try item.required("id")
            let id = try idField.string()
            guard id.wholeMatch(of: /(CC|A|PI|C|P)[1-9]\.[1-9]/) != nil else {
                throw idField.fail("'\(id)' is not a criterion id (like CC6.1, A1.2, PI1.3, C1.1 or P6.7).")
            }
            guard seen.insert(id).inserted else { throw idField.fail("duplicate criterion id '\(id)'.") }
            let groupField = try item.required("group")
            let groupID = try groupField.string()
            guard let group = groups.first(where: { $0.id == groupID }) else { throw groupField.fail("unknown group '\(groupID)'.") }
            guard id.hasPrefix(groupID + ".") else { throw groupField.fail("criterion '\(id)' cannot belong to group '\(groupID)'.") }
            let coso = try item.optional("coso").map { field throws(ContentFileError) in
                let value = try field.int()
                guard (1...17).contains(value) else { throw field.fail("a COSO principle is 1 to 17, not \(value).") }
                return value
            }
            criteria.append(
                Criterion(
                    id: id, category: group.category, group: groupID, cosoPrinciple: coso,
                    title: try item.required("title").string(), summary: try item.required("summary").string(),
                    pointsOfFocus: try item.optional("points_of_focus")?.strings() ?? []
                ))
        }
        return criteria
    }

    private static func readDescriptionCriteria(_ list: YAMLReader) throws(ContentFileError) -> [DescriptionCriterion] {
        var out: [DescriptionCriterion] = []
        for item in try list.items() {
            try item.requireKeys(allowed: ["id", "title", "summary"])
            let idField = try item.required("id")
            let id = try idField.string()
            guard id.wholeMatch(of: /DC[1-9]/) != nil else { throw idField.fail("'\(id)' is not a description criterion id (DC1 to DC9).") }
            guard !out.contains(where: { $0.id == id }) else { throw idField.fail("duplicate id '\(id)'.") }
            out.append(DescriptionCriterion(id: id, title: try item.required("title").string(), summary: try item.required("summary").string()))
        }
        return out
    }

    private static func category(_ field: YAMLReader) throws(ContentFileError) -> TrustServicesCategory {
        let raw = try field.string()
        guard let category = TrustServicesCategory(rawValue: raw) else {
            let allowed = TrustServicesCategory.allCases.map(\.rawValue).joined(separator: ", ")
            throw field.fail("unknown category '\(raw)' (one of: \(allowed)).")
        }
        return category
    }
}
