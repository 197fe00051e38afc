import ArgumentParser
import ComplianceCore
import Foundation
import UseCases

/// Reads a file given on the command line, refusing one larger than `limit` before reading it whole.
enum InputFile {
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("Cannot read \(path.prefix(200)).") }
        defer { try? handle.close() }
        let bytes: Data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard bytes.count <= limit else { throw ValidationError("\(path.prefix(200)) is larger than \(limit >> 20) MiB.") }
        return Array(bytes)
    }
}

struct PeopleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people", abstract: "The workforce roster: employees, contractors, shared inboxes and service accounts.",
        subcommands: [Import.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a roster CSV (email,name,start_date,end_date,manager,department,title,type), all or nothing.",
            discussion: """
                type is employee (the default), contractor, shared_inbox or service_account. People are matched by email;
                people missing from the file stay on the roster. Every problem is named by row and column, and any problem
                rejects the whole file.
                """)
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Argument(help: "The roster CSV.") var file: String

        func run() async throws {
            let bytes = try InputFile.read(file, limit: Roster.largestFile)
            let summary = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.people.importRoster(
                    bytes, file: URL(fileURLWithPath: file).lastPathComponent, in: try await workflows.organizations.operatorScope(slug: org))
            }
            print("\(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the roster.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let people = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.people.people(in: try await workflows.organizations.operatorScope(slug: org))
            }
            if json { return try Output.json(people) }
            for person in people {
                let dates = "\(person.startDate?.description ?? "?") to \(person.endDate?.description ?? "now")"
                print(
                    "\(person.email.padding(toLength: 36, withPad: " ", startingAt: 0)) \(person.kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(dates)"
                )
            }
        }
    }
}

struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access", abstract: "System accounts and the leavers' reconciliation.", subcommands: [Import.self, Findings.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import one system's accounts CSV (account,email,created_at,disabled_at,privileged) as its newest listing.",
            discussion: "Times are RFC 3339 (2026-06-30T17:00:00Z) or dates; an empty disabled_at means the account is active.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "The system's name, e.g. salesforce (lower-case letters, digits and dashes).") var system: String
        @Argument(help: "The accounts CSV.") var file: String

        func run() async throws {
            let bytes = try InputFile.read(file, limit: Roster.largestFile)
            let listing = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.people.importAccounts(
                    bytes, system: system, file: URL(fileURLWithPath: file).lastPathComponent,
                    in: try await workflows.organizations.operatorScope(slug: org))
            }
            print("\(listing.system): \(listing.accounts.count) accounts, listing \(listing.id.uuidString.lowercased())")
        }
    }

    struct Findings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reconcile the roster with every system's newest listing: leavers with access, late removals, unowned accounts.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Flag(help: "Also list privileged and dormant accounts for the access review.") var all = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let findings = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.people.findings(in: try await workflows.organizations.operatorScope(slug: org), all: all)
            }
            if json { return try Output.json(findings) }
            for finding in findings {
                print(
                    "\(finding.kind.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)) \(finding.system)  \(finding.account)  \(finding.detail)"
                )
            }
            if findings.isEmpty { print("No findings.") }
        }
    }
}

struct SCIMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scim", abstract: "SCIM 2.0 provisioning from the identity provider.", subcommands: [Token.self])

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a SCIM token for an organisation; prints the token once, and the base URL to give the identity provider.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String

        func run() async throws {
            let settings = try data.settings()
            let secret = try await Runtime.withWorkflows(settings) { workflows in
                try await workflows.scim.createToken(in: try await workflows.organizations.operatorScope(slug: org)).1
            }
            FileHandle.standardError.write(Data("SCIM base URL: <server>/scim/v2/\(org)\n".utf8))
            print(secret)
        }
    }
}
