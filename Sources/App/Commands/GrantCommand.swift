import ArgumentParser
import ComplianceCore
import Foundation
import UseCases

/// Auditor access from the command line, through the same use cases as the web.
struct GrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Give auditors of a firm access to an organisation, extend it, revoke it.",
        subcommands: [Create.self, List.self, Extend.self, Revoke.self])

    static func until(_ text: String) throws -> Date {
        guard let day = Timestamp.date(text) else { throw ValidationError("--until must be a date (YYYY-MM-DD), not '\(text)'.") }
        return day.addingTimeInterval(86_400 - 0.001)
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grant an auditor of a firm access until the end of a date.")
        @OptionGroup var data: DataOptions
        @Option(help: "The client organisation's slug.") var org: String
        @Option(help: "The auditor's email.") var auditor: String
        @Option(help: "The audit firm's slug.") var firm: String
        @Option(help: "Last day of access (YYYY-MM-DD).") var until: String

        func run() async throws {
            let (email, slug, date) = (try EmailAddress(auditor), try Slug(firm), try GrantCommand.until(until))
            let organization = org
            let grant = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.grants.grant(
                    auditor: email, of: slug, until: date, in: try await workflows.organizations.operatorScope(slug: organization))
            }
            print(
                "Granted \(email) of \(slug) access to \(org) until \(Timestamp.rfc3339(grant.expiresAt)) (grant \(grant.id.uuidString.lowercased()))."
            )
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The organisation's grants.")
        @OptionGroup var data: DataOptions
        @Option(help: "The client organisation's slug.") var org: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let organization = org
            let views = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.grants.list(in: try await workflows.organizations.operatorScope(slug: organization))
            }
            if json {
                try Output.json(views.map(\.grant))
                return
            }
            for view in views {
                let state = view.grant.revokedAt != nil ? "revoked" : view.grant.isActive(at: Date()) ? "active" : "ended"
                print(
                    "\(view.grant.id.uuidString.lowercased())  \(view.auditorEmail)  \(view.firmSlug)  until \(Timestamp.rfc3339(view.grant.expiresAt))  \(state)"
                )
            }
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a grant's end to a new date.")
        @OptionGroup var data: DataOptions
        @Option(help: "The client organisation's slug.") var org: String
        @Option(help: "The grant's id (from `attest grant list`).") var id: String
        @Option(help: "New last day of access (YYYY-MM-DD).") var until: String

        func run() async throws {
            guard let grantID = UUID(uuidString: id) else { throw ValidationError("--id must be a grant id from `attest grant list`.") }
            let (organization, date) = (org, try GrantCommand.until(until))
            let grant = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.grants.extend(grantID, until: date, in: try await workflows.organizations.operatorScope(slug: organization))
            }
            print("Extended until \(Timestamp.rfc3339(grant.expiresAt)).")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a grant now.")
        @OptionGroup var data: DataOptions
        @Option(help: "The client organisation's slug.") var org: String
        @Option(help: "The grant's id (from `attest grant list`).") var id: String

        func run() async throws {
            guard let grantID = UUID(uuidString: id) else { throw ValidationError("--id must be a grant id from `attest grant list`.") }
            let organization = org
            _ = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.grants.revoke(grantID, in: try await workflows.organizations.operatorScope(slug: organization))
            }
            print("Revoked.")
        }
    }
}
