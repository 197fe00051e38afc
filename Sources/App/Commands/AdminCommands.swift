import ArgumentParser
import ComplianceCore
import Foundation
import Persistence

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Bring the database schema up to date.")

    @OptionGroup var data: DataOptions

    func run() async throws {
        let settings = try data.settings()
        let applied = try await Runtime.withStore(settings) { try await $0.database.appliedMigrations() }
        print("Database is up to date (\(settings.database)): \(applied.count) migrations applied.")
    }
}

struct OrgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "org", abstract: "Manage organisations.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organisation.")
        @OptionGroup var data: DataOptions
        @Option(help: "URL handle: 2-63 lowercase letters, digits, inner hyphens.") var slug: String
        @Option(help: "Display name.") var name: String
        @Option(help: "service_organization or audit_firm.") var kind: String
        @Flag(help: "Print the organisation as JSON.") var json = false

        func run() async throws {
            guard let kind = OrganizationKind(rawValue: kind) else {
                throw ValidationError("--kind must be service_organization or audit_firm, not '\(kind)'.")
            }
            let slug = try Slug(slug)
            let organization = try await Runtime.withStore(try data.settings()) {
                try await $0.organizations.create(slug: slug, name: name, kind: kind, actor: .cli(NSUserName()))
            }
            if json {
                try Output.json(organization)
            } else {
                print("Created \(organization.kind.rawValue) \(organization.slug) (\(organization.name)).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List organisations.")
        @OptionGroup var data: DataOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let organizations = try await Runtime.withStore(try data.settings()) { try await $0.organizations.all() }
            if json {
                try Output.json(organizations)
                return
            }
            for org in organizations {
                print(
                    "\(org.slug.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)) \(org.kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(org.name)"
                )
            }
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user and make them a member of an organisation.",
            discussion:
                "The password is read from standard input when it is piped, otherwise prompted for without echo. It is never an argument, so it stays out of shell history and process lists."
        )
        @OptionGroup var data: DataOptions
        @Option(help: "Email address (the login).") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Slug of the organisation to join.") var org: String
        @Option(help: "owner, admin, member or viewer.") var role: String = "member"
        @Flag(help: "Print the user as JSON.") var json = false

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be owner, admin, member or viewer, not '\(role)'.") }
            let email = try EmailAddress(email)
            let password = try PasswordInput.read(prompt: "Password for \(email): ")
            let user = try await Runtime.withStore(try data.settings()) { store in
                let scope = try await store.organizations.operatorScope(slug: org, operatorName: NSUserName())
                let user = try await store.users.create(email: email, name: name, password: password)
                _ = try await store.memberships.setRole(role, for: email, in: scope, ownerRefusal: nil)
                return user
            }
            if json { try Output.json(user) } else { print("Created \(user.email) as \(role.rawValue) of \(org).") }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for a user; prints only the token.")
        @OptionGroup var data: DataOptions
        @Option(help: "The user the token acts as.") var email: String
        @Option(help: "What the token is for.") var name: String = "cli"
        @Option(help: "Expiry date, YYYY-MM-DD (default: none).") var expires: String?

        func run() async throws {
            let email = try EmailAddress(email)
            var expiry: Date?
            if let expires {
                guard let day = Timestamp.date(expires) else { throw ValidationError("--expires must be a date like 2027-01-31, not '\(expires)'.") }
                expiry = day
            }
            let secret = try await Runtime.withStore(try data.settings()) { store in
                guard let user = try await store.users.find(email: email) else { throw DomainError.notFound("User '\(email)'") }
                return try await store.tokens.create(for: user, name: name, expiresAt: expiry, actor: .cli(NSUserName())).secret
            }
            print(secret)
        }
    }
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print Attest's version.")
    static let version = "0.1.0"

    func run() {
        print("attest \(Self.version)")
    }
}

/// Reads a password from piped standard input, or from the terminal without echo.
enum PasswordInput {
    static func read(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) == 0 {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("Expected the password on standard input.")
            }
            return line
        }
        FileHandle.standardError.write(Data(prompt.utf8))
        var old = termios()
        tcgetattr(STDIN_FILENO, &old)
        var silent = old
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &old)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("No password given.") }
        return line
    }
}
