import ArgumentParser
import Catalogs
import ComplianceCore
import Foundation
import Persistence
import Reports
import UseCases

/// `attest readiness`: readiness of an engagement, computed from the programme's data.
struct ReadinessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "readiness", abstract: "Show readiness per criterion and category, and the gaps.")
    @OptionGroup var data: DataOptions
    @Option(help: "Organisation slug.") var org: String
    @Option(help: "Engagement id (default: the most recent).") var engagement: String?
    @Flag(help: "Also keep this result as a snapshot for the trend.") var record = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let settings = try data.settings()
        let (report, remediation) = try await Runtime.withWorkflows(settings) { workflows in
            let scope = try await workflows.organizations.operatorScope(slug: org, operatorName: NSUserName())
            let id = try await EngagementChoice.resolve(engagement, workflows: workflows, scope: scope)
            if record { try await workflows.readiness.recordSnapshot(id, in: scope) }
            return (try await workflows.readiness.compute(id, in: scope), try await workflows.readiness.remediations(id, in: scope))
        }
        if json {
            try Output.json(report)
            return
        }
        print("Readiness \(Self.percent(report.overall)) overall")
        for category in report.categories {
            print(
                "  \(category.category.displayName.padding(toLength: 22, withPad: " ", startingAt: 0)) \(Self.percent(category.score).padding(toLength: 5, withPad: " ", startingAt: 0))  \(category.ready)/\(category.applicable) criteria ready"
            )
        }
        let gaps = report.gaps
        print("\(gaps.count) criteria not ready:")
        for gap in gaps {
            let plan = remediation.first { $0.criterion == gap.criterion }.map { " [plan: \($0.owner) by \($0.dueDate)]" } ?? ""
            print(
                "  \(gap.criterion.padding(toLength: 6, withPad: " ", startingAt: 0)) \(gap.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(gap.findings.joined(separator: " "))\(plan)"
            )
        }
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}

enum EngagementChoice {
    /// The engagement `--engagement` names, or the organisation's current one.
    static func resolve(_ raw: String?, workflows: Workflows, scope: TenantScope) async throws -> UUID {
        try await resolve(raw, scope: scope) { try await workflows.engagements.list(in: scope) }
    }

    private static func resolve(_ raw: String?, scope: TenantScope, list: () async throws -> [Engagement]) async throws -> UUID {
        if let raw {
            guard let id = UUID(uuidString: raw) else { throw ValidationError("--engagement must be an engagement id (a UUID).") }
            return id
        }
        guard let latest = try await list().choose(nil) else {
            throw ValidationError("'\(scope.organization.slug)' has no engagement yet; create one with `attest engagement create`.")
        }
        return latest.id
    }
}

/// `attest engagement`: scope engagements and work with their request lists.
struct EngagementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engagement", abstract: "Scope engagements; export and import request lists.",
        subcommands: [List.self, Create.self, Requests.self, Import.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an organisation's engagements.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let list = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.engagements.list(in: try await workflows.organizations.operatorScope(slug: org))
            }
            if json {
                try Output.json(list)
                return
            }
            for engagement in list {
                print(
                    "\(engagement.id.uuidString.lowercased())  \(engagement.scope.reportType.displayName)  \(engagement.scope.periodLabel)  \(engagement.name)"
                )
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Scope a new engagement; its request list is generated from the scope.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "Engagement name.") var name: String?
        @Option(help: "type1 or type2.") var type: String
        @Option(help: "Type 1: the as-of date (YYYY-MM-DD).") var asOf: String?
        @Option(help: "Type 2: first day of the period.") var periodStart: String?
        @Option(help: "Type 2: last day of the period (3 to 12 months).") var periodEnd: String?
        @Option(help: "A category beyond security (repeatable).") var category: [String] = []
        @Option(help: "aws, gcp, azure or other (repeatable).") var cloud: [String] = []
        @Option(help: "An in-scope office (repeatable).") var location: [String] = []
        @Option(help: "1-50, 51-200, 201-1000 or 1001+.") var headcount = "1-50"
        @Option(help: "The system's name.") var systemName: String
        @Flag(help: "Also issue the report under ISAE 3000.") var isae3000 = false

        func run() async throws {
            func parse<T: RawRepresentable & CaseIterable>(_ raw: String, _ option: String) throws -> T where T.RawValue == String {
                guard let value = T(rawValue: raw) else {
                    throw ValidationError("--\(option) '\(raw)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return value
            }
            func day(_ raw: String?, _ option: String) throws -> Day? {
                try raw.map { raw in
                    guard let day = Day(raw) else { throw ValidationError("--\(option) '\(raw)' is not a date (YYYY-MM-DD).") }
                    return day
                }
            }
            let scope = EngagementScope(
                reportType: try parse(type, "type"), asOf: try day(asOf, "as-of"), periodStart: try day(periodStart, "period-start"),
                periodEnd: try day(periodEnd, "period-end"), categories: try category.map { try parse($0, "category") },
                standards: isae3000 ? [.atc205, .isae3000] : [.atc205], systemName: systemName, clouds: try cloud.map { try parse($0, "cloud") },
                locations: location, headcount: try parse(headcount, "headcount"))
            let engagement = try await Runtime.withWorkflows(try data.settings()) { workflows in
                let tenant = try await workflows.organizations.operatorScope(slug: org, operatorName: NSUserName())
                return try await workflows.engagements.create(name: name ?? "SOC 2 \(scope.reportType.displayName)", scope: scope, in: tenant)
            }
            try Output.json(engagement)
        }
    }

    struct Requests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print or save the information request list (json, csv or xlsx).")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "Engagement id (default: the most recent).") var engagement: String?
        @Option(help: "json, csv or xlsx.") var format = "csv"
        @Option(help: "Write to this file instead of standard output (required for xlsx).") var output: String?

        func run() async throws {
            guard ["json", "csv", "xlsx"].contains(format) else { throw ValidationError("--format must be json, csv or xlsx.") }
            if format == "xlsx" && output == nil { throw ValidationError("--format xlsx needs --output FILE.") }
            let items = try await Runtime.withWorkflows(try data.settings()) { workflows in
                let scope = try await workflows.organizations.operatorScope(slug: org)
                return try await workflows.requestList.requests(
                    of: try await EngagementChoice.resolve(engagement, workflows: workflows, scope: scope), in: scope)
            }
            let bytes: Data =
                switch format {
                case "xlsx": try RequestListFile.xlsx(items)
                case "json": try CanonicalJSON.encode(items)
                default: Data(RequestListFile.csv(items).utf8)
                }
            if let output { try bytes.write(to: URL(fileURLWithPath: output), options: .atomic) } else { FileHandle.standardOutput.write(bytes) }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply an edited request list (CSV or XLSX); every row is checked before anything changes.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "Engagement id (default: the most recent).") var engagement: String?
        @Argument(help: "The CSV or XLSX file.") var file: String

        func run() async throws {
            let url = URL(fileURLWithPath: file)
            guard let bytes = try? Data(contentsOf: url) else { throw ValidationError("Cannot read '\(file)'.") }
            let rows = try RequestListFile.read(bytes, fileName: url.lastPathComponent)
            let result = try await Runtime.withWorkflows(try data.settings()) { workflows in
                let scope = try await workflows.organizations.operatorScope(slug: org, operatorName: NSUserName())
                return try await workflows.requestList.importRequests(
                    rows, into: try await EngagementChoice.resolve(engagement, workflows: workflows, scope: scope), in: scope)
            }
            print("\(result.updated) updated, \(result.added) added, \(result.unchanged) unchanged")
        }
    }
}

/// `attest controls`: the organisation's controls.
struct ControlsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "controls", abstract: "List, adopt and update controls.", subcommands: [List.self, Adopt.self, Set.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the organisation's controls (or the library's with --library).")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String?
        @Flag(help: "List the shipped library instead.") var library = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            if library {
                let controls = ProgrammeContent.bundled.library.controls
                if json {
                    try Output.json(controls)
                    return
                }
                for control in controls {
                    print(
                        "\(control.id.padding(toLength: 8, withPad: " ", startingAt: 0)) \(control.criteria.joined(separator: ",").padding(toLength: 22, withPad: " ", startingAt: 0)) \(control.title)"
                    )
                }
                print("\(controls.count) library controls")
                return
            }
            guard let org else { throw ValidationError("--org is required (or --library).") }
            let controls = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.controls.list(in: try await workflows.organizations.operatorScope(slug: org))
            }
            if json {
                try Output.json(controls)
                return
            }
            for control in controls {
                print(
                    "\(control.key.padding(toLength: 8, withPad: " ", startingAt: 0)) \(control.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \((control.owner ?? "—").padding(toLength: 26, withPad: " ", startingAt: 0)) \(control.retired ? "[retired] " : "")\(control.title)"
                )
            }
        }
    }

    struct Adopt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adopt library controls (all unless --id is given).")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "A library control id (repeatable).") var id: [String] = []

        func run() async throws {
            let adopted = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.controls.adopt(
                    id.isEmpty ? nil : id, in: try await workflows.organizations.operatorScope(slug: org, operatorName: NSUserName()))
            }
            print("\(adopted.count) controls adopted")
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a control's status or owner.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Argument(help: "The control, e.g. ACC-01.") var key: String
        @Option(help: "not_started, designed, implemented or operating.") var status: String?
        @Option(help: "The owner's email.") var owner: String?

        func run() async throws {
            let status = try status.map { raw -> ImplementationStatus in
                guard let value = ImplementationStatus(rawValue: raw) else {
                    throw ValidationError("--status must be one of \(ImplementationStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return value
            }
            guard status != nil || owner != nil else { throw ValidationError("Give --status, --owner or both.") }
            let control = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.controls.update(
                    key, action: status != nil ? "status_changed" : "owner_assigned",
                    in: try await workflows.organizations.operatorScope(slug: org, operatorName: NSUserName())
                ) { control in
                    if let status { control.status = status }
                    if let owner { control.owner = owner }
                }
            }
            try Output.json(control)
        }
    }
}

/// `attest policy`: policies and their documents.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "List policies and render them to HTML or PDF.", subcommands: [List.self, Render.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the organisation's policies with status and review dates.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let policies = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.policies.list(in: try await workflows.organizations.operatorScope(slug: org))
            }
            if json {
                try Output.json(policies)
                return
            }
            let today = Day(Date())
            for policy in policies {
                let due = policy.reviewDue.map { $0 <= today ? "review OVERDUE since \($0)" : "review by \($0)" } ?? "not published"
                print(
                    "\(policy.key.padding(toLength: 22, withPad: " ", startingAt: 0)) v\(policy.latest.number) \(policy.latest.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(due)"
                )
            }
        }
    }

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a policy version as HTML or PDF (PDF needs Chromium).")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Argument(help: "The policy, e.g. access-control.") var key: String
        @Option(help: "Version number (default: the published one, else the latest).") var version: Int?
        @Option(help: "html or pdf.") var format = "pdf"
        @Option(help: "The file to write.") var output: String

        func run() async throws {
            guard ["html", "pdf"].contains(format) else { throw ValidationError("--format must be html or pdf.") }
            let html = try await Runtime.withWorkflows(try data.settings()) { workflows in
                let scope = try await workflows.organizations.operatorScope(slug: org)
                let policy = try await workflows.policies.get(key, in: scope)
                guard let chosen = version.map({ policy.version($0) }) ?? policy.published ?? policy.latest else {
                    throw ValidationError("\(key) has no version \(version ?? 0).")
                }
                return PolicyDocument.html(policy, version: chosen, organization: scope.organization.name)
            }
            let bytes = format == "pdf" ? try await PDFRenderer.locate().pdf(html: html) : Data(html.utf8)
            try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
            print("wrote \(output) (\(bytes.count) bytes)")
        }
    }
}

/// `attest crosswalk`: ISO/IEC 27001:2022 Annex A coverage, or a check of a replacement mapping file.
struct CrosswalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosswalk", abstract: "Show ISO/IEC 27001:2022 Annex A coverage, or check a mapping CSV.")
    @OptionGroup var data: DataOptions
    @Option(help: "Organisation slug.") var org: String?
    @Option(help: "Check this mapping CSV (criterion,annex_a,relationship) instead.") var check: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        if let check {
            let content = try ProgrammeContent.load(catalog: ProgrammeContent.bundled.catalog, crosswalkFile: URL(fileURLWithPath: check))
            print(
                "\(check): \(content.crosswalk.rows.count) mappings to \(Swift.Set(content.crosswalk.rows.map(\.annexA)).count) of \(content.crosswalk.annexA.count) Annex A controls; valid"
            )
            return
        }
        guard let org else { throw ValidationError("--org is required (or --check FILE).") }
        let (coverage, source) = try await Runtime.withWorkflows(try data.settings()) { workflows in
            (
                workflows.content.crosswalk.coverage(
                    of: try await workflows.controls.list(in: try await workflows.organizations.operatorScope(slug: org))),
                workflows.content.crosswalk.source
            )
        }
        if json {
            try Output.json(coverage)
            return
        }
        print("ISO/IEC 27001:2022 Annex A through the criteria (\(source)): \(coverage.filter(\.covered).count) of \(coverage.count) covered")
        for item in coverage where !item.covered {
            print(
                "  gap \(item.control.id.padding(toLength: 7, withPad: " ", startingAt: 0)) \(item.control.title) (via \(item.criteria.joined(separator: ", ")))"
            )
        }
    }
}
