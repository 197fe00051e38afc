import ComplianceCore
import Foundation

extension ProgrammeContent {
    /// The content in this build. The shipped files are checked by tests; failing here means the build is broken.
    public static let bundled: ProgrammeContent = {
        do {
            return try load(catalog: CatalogLoader.bundled, crosswalkFile: nil)
        } catch {
            fatalError("The bundled programme content is invalid: \(error)")
        }
    }()

    /// Loads the shipped content; `crosswalkFile` replaces the shipped ISO mapping (for the AICPA's own workbook saved as CSV).
    public static func load(catalog: Catalog, crosswalkFile: URL?) throws(ContentFileError) -> ProgrammeContent {
        let library = try ControlLibraryLoader.parse(try text("controls", "yaml"), file: "controls.yaml", catalog: catalog)
        var templates: [PolicyTemplate] = []
        guard let directory = Bundle.module.url(forResource: "policies", withExtension: nil) else {
            throw ContentFileError(file: "policies", line: 0, column: 0, field: "", message: "the policy templates folder is missing from the build.")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        for name in names {
            templates.append(try PolicyTemplateLoader.parse(try read(directory.appendingPathComponent(name)), file: name, catalog: catalog))
        }
        let requests = try RequestTemplateLoader.parse(try text("request-list", "yaml"), file: "request-list.yaml", catalog: catalog)
        let annex = try CrosswalkLoader.annexA(try text("iso27001-2022-annex-a", "csv"), file: "iso27001-2022-annex-a.csv")
        let mappingText: String
        let mappingName: String
        if let crosswalkFile {
            mappingText = try read(crosswalkFile)
            mappingName = crosswalkFile.lastPathComponent
        } else {
            mappingText = try text("tsc-iso27001-2022-crosswalk", "csv")
            mappingName = "tsc-iso27001-2022-crosswalk.csv"
        }
        let rows = try CrosswalkLoader.mapping(mappingText, file: mappingName, catalog: catalog, annexA: annex)
        return ProgrammeContent(
            catalog: catalog, library: library, policies: templates, requests: requests,
            crosswalk: Crosswalk(source: mappingName, annexA: annex, rows: rows))
    }

    private static func text(_ name: String, _ ext: String) throws(ContentFileError) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext) else {
            throw ContentFileError(file: "\(name).\(ext)", line: 0, column: 0, field: "", message: "missing from the build.")
        }
        return try read(url)
    }

    private static func read(_ url: URL) throws(ContentFileError) -> String {
        do { return try String(contentsOf: url, encoding: .utf8) } catch {
            throw ContentFileError(file: url.lastPathComponent, line: 0, column: 0, field: "", message: "cannot read the file as UTF-8 text.")
        }
    }
}

/// Reads `controls.yaml`.
public enum ControlLibraryLoader {
    public static func parse(_ text: String, file: String, catalog: Catalog) throws(ContentFileError) -> ControlLibrary {
        let root = try YAMLReader.parse(text, file: file)
        try root.requireKeys(allowed: ["id", "version", "controls"])
        var controls: [LibraryControl] = []
        for item in try root.required("controls").items() {
            try item.requireKeys(allowed: ["id", "title", "description", "type", "frequency", "owner", "criteria", "tests", "evidence"])
            let idField = try item.required("id")
            let id = try idField.string()
            guard id.wholeMatch(of: /[A-Z][A-Z0-9]{0,9}-[0-9]{2,3}/) != nil else { throw idField.fail("'\(id)' is not a control id (like ACC-01).") }
            guard !controls.contains(where: { $0.id == id }) else { throw idField.fail("duplicate control id '\(id)'.") }
            var procedures: [TestProcedure] = []
            let tests = try item.required("tests")
            for (key, value) in try tests.pairs() {
                guard let method = TestMethod(rawValue: key) else {
                    throw value.fail("unknown test method '\(key)' (one of: \(TestMethod.allCases.map(\.rawValue).joined(separator: ", "))).")
                }
                procedures.append(TestProcedure(method: method, step: try value.string()))
            }
            guard !procedures.isEmpty else { throw tests.fail("a control needs at least one suggested test.") }
            controls.append(
                LibraryControl(
                    id: id, title: try item.required("title").string(), description: try item.required("description").string(),
                    type: try item.required("type").oneOf(ControlType.self), frequency: try item.required("frequency").oneOf(Frequency.self),
                    ownerRole: try item.required("owner").string(),
                    criteria: try criteria(item.required("criteria"), catalog: catalog, allowDescription: false),
                    procedures: procedures, evidence: try item.required("evidence").strings()
                ))
        }
        return ControlLibrary(id: try root.required("id").string(), version: try root.required("version").string(), controls: controls)
    }

    /// Criterion ids from a list, each checked against the catalog (and DC1–DC9 where allowed).
    static func criteria(_ field: YAMLReader, catalog: Catalog, allowDescription: Bool) throws(ContentFileError) -> [String] {
        var out: [String] = []
        for item in try field.items() {
            let id = try item.string()
            let known = catalog.criterion(id) != nil || (allowDescription && catalog.descriptionCriteria.contains { $0.id == id })
            guard known else { throw item.fail("unknown criterion id '\(id)' (criteria look like CC6.1, A1.2, C1.1, P4.2).") }
            out.append(id)
        }
        guard !out.isEmpty else { throw field.fail("list at least one criterion.") }
        return out
    }
}

/// Reads a policy template: YAML front matter between `---` lines, then Markdown.
public enum PolicyTemplateLoader {
    public static func parse(_ text: String, file: String, catalog: Catalog) throws(ContentFileError) -> PolicyTemplate {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else {
            throw ContentFileError(
                file: file, line: 1, column: 1, field: "", message: "a policy template starts with front matter between two '---' lines.")
        }
        let front = try YAMLReader.parse(lines[1..<close].joined(separator: "\n"), file: file, lineOffset: 1)
        try front.requireKeys(allowed: ["id", "title", "criteria", "categories"])
        let body = lines[(close + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { throw ContentFileError(file: file, line: close + 2, column: 1, field: "", message: "the template has no text.") }
        if let unknown = PolicyTemplateText.unknownPlaceholder(in: body) {
            // Line numbers count from the top of the file, past the front matter.
            let bodyStart = close + 1 + (lines[(close + 1)...].prefix { $0.trimmingCharacters(in: .whitespaces).isEmpty }.count)
            throw ContentFileError(
                file: file, line: bodyStart + unknown.line, column: unknown.column, field: "",
                message: "unknown variable '{{\(unknown.name)}}' (known: \(PolicyVariables.names.joined(separator: ", "))).")
        }
        var categories: [TrustServicesCategory] = []
        if let list = try front.optional("categories") {
            for item in try list.items() { categories.append(try item.oneOf(TrustServicesCategory.self)) }
        }
        let idField = try front.required("id")
        let id = try idField.string()
        guard id.wholeMatch(of: /[a-z][a-z0-9-]{1,60}/) != nil else {
            throw idField.fail("'\(id)' is not a template id (lower-case words joined by dashes).")
        }
        return PolicyTemplate(
            id: id, title: try front.required("title").string(),
            criteria: try ControlLibraryLoader.criteria(front.required("criteria"), catalog: catalog, allowDescription: false),
            categories: categories, body: body)
    }
}

/// Reads `request-list.yaml`.
public enum RequestTemplateLoader {
    public static func parse(_ text: String, file: String, catalog: Catalog) throws(ContentFileError) -> [RequestTemplate] {
        let root = try YAMLReader.parse(text, file: file)
        try root.requireKeys(allowed: ["id", "version", "items"])
        var out: [RequestTemplate] = []
        for item in try root.required("items").items() {
            try item.requireKeys(allowed: ["key", "area", "title", "provide", "kind", "criteria", "when", "per"])
            let keyField = try item.required("key")
            let key = try keyField.string()
            guard key.wholeMatch(of: /[A-Z][A-Z0-9-]{1,40}/) != nil else {
                throw keyField.fail("'\(key)' is not a request key (capitals, digits and dashes).")
            }
            guard !out.contains(where: { $0.key == key }) else { throw keyField.fail("duplicate request key '\(key)'.") }
            var condition = RequestCondition()
            if let when = try item.optional("when") {
                try when.requireKeys(allowed: ["categories", "clouds", "type", "min_headcount"])
                if let list = try when.optional("categories") {
                    for c in try list.items() { condition.categories.append(try c.oneOf(TrustServicesCategory.self)) }
                }
                if let list = try when.optional("clouds") { for c in try list.items() { condition.clouds.append(try c.oneOf(CloudProvider.self)) } }
                condition.reportType = try when.optional("type")?.oneOf(ReportType.self)
                condition.minHeadcount = try when.optional("min_headcount")?.int()
            }
            out.append(
                RequestTemplate(
                    key: key, area: try item.required("area").string(), title: try item.required("title").string(),
                    provide: try item.required("provide").string(), kind: try item.required("kind").oneOf(RequestKind.self),
                    criteria: try ControlLibraryLoader.criteria(item.required("criteria"), catalog: catalog, allowDescription: true),
                    condition: condition, per: try item.optional("per")?.oneOf(RequestTemplate.Repeat.self)
                ))
        }
        return out
    }
}

/// Reads the Annex A list and the criteria mapping from CSV, so the AICPA's mapping can replace ours.
public enum CrosswalkLoader {
    public static let mappingColumns = ["criterion", "annex_a", "relationship"]

    public static func annexA(_ text: String, file: String) throws(ContentFileError) -> [AnnexAControl] {
        var out: [AnnexAControl] = []
        for (line, values) in try table(text, columns: ["id", "theme", "title"], file: file) {
            let id = values["id"]!
            guard id.wholeMatch(of: /A\.[5-8]\.[0-9]{1,2}/) != nil else {
                throw fail(file, line, "'\(id)' is not an Annex A control id (like A.5.15).")
            }
            guard let theme = AnnexAControl.Theme(rawValue: values["theme"]!) else { throw fail(file, line, "unknown theme '\(values["theme"]!)'.") }
            guard !values["title"]!.isEmpty else { throw fail(file, line, "the title is empty.") }
            guard !out.contains(where: { $0.id == id }) else { throw fail(file, line, "duplicate control '\(id)'.") }
            out.append(AnnexAControl(id: id, theme: theme, title: values["title"]!))
        }
        return out
    }

    public static func mapping(_ text: String, file: String, catalog: Catalog, annexA: [AnnexAControl]) throws(ContentFileError) -> [CrosswalkRow] {
        var out: [CrosswalkRow] = []
        for (line, values) in try table(text, columns: mappingColumns, file: file) {
            let criterion = values["criterion"]!.trimmingCharacters(in: .whitespaces)
            let annex = values["annex_a"]!.trimmingCharacters(in: .whitespaces)
            guard catalog.criterion(criterion) != nil else { throw fail(file, line, "unknown criterion id '\(criterion.prefix(20))'.") }
            guard annexA.contains(where: { $0.id == annex }) else { throw fail(file, line, "unknown Annex A control '\(annex.prefix(20))'.") }
            guard let relationship = CrosswalkRelationship(rawValue: values["relationship"]!.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw fail(file, line, "relationship must be one of equal, subset, superset, intersect; got '\(values["relationship"]!.prefix(20))'.")
            }
            out.append(CrosswalkRow(criterion: criterion, annexA: annex, relationship: relationship))
        }
        return out
    }

    private static func table(_ text: String, columns: [String], file: String) throws(ContentFileError) -> [(line: Int, values: [String: String])] {
        do { return try CSV.table(text, columns: columns, file: file) } catch {
            // CSV errors already say "file line N"; keep them as they are.
            throw ContentFileError(file: file, line: 0, column: 0, field: "", message: error.message)
        }
    }

    private static func fail(_ file: String, _ line: Int, _ message: String) -> ContentFileError {
        ContentFileError(file: file, line: line, column: 1, field: "", message: message)
    }
}
