import ArgumentParser
import Collectors
import ComplianceCore
import Foundation
import UseCases

extension CollectCommand {
    struct Okta: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "okta", abstract: "Run the identity provider checks on an Okta org with an API token from OKTA_API_TOKEN.",
            discussion: """
                The token's administrator needs read access to users, factors and role assignments (a read-only administrator suffices).
                The users listing (every status, deprovisioned included) is stored with the run, for the auditor and the access reconciliation.
                """)
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "The Okta org's URL, e.g. https://acme.okta.com.") var oktaUrl: String
        @Option(help: "Seconds to wait for one API call.") var timeout: Int = 20
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let base = try CollectCommand.baseURL(oktaUrl, option: "--okta-url")
            guard (1...300).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 300 seconds.") }
            guard let token = ProcessInfo.processInfo.environment["OKTA_API_TOKEN"], !token.isEmpty else {
                throw ValidationError("Set OKTA_API_TOKEN to an API token of the Okta org.")
            }
            let settings = try data.settings()
            let (result, run) = try await Runtime.withWorkflows(settings) { workflows in
                // The right to run is decided before Okta is called.
                let permit = try workflows.collectors.permit(try await workflows.organizations.operatorScope(slug: org))
                let collector = OktaCollector(
                    http: CollectorHTTP(timeout: .seconds(timeout)), token: token, base: base, progress: CollectCommand.progress)
                let result = try await collector.run()
                return (result, try await workflows.collectors.record(result, permit: permit))
            }
            CollectCommand.report(result, run: run, json: json)
        }
    }

    struct Google: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "google", abstract: "Run the identity provider checks on a Google Workspace directory.",
            discussion: """
                Credentials: a service account key file (--credentials) with domain-wide delegation of the scope
                \(GoogleServiceAccount.directoryScope), acting as a Workspace administrator (--subject);
                or an OAuth access token with that scope in GOOGLE_ACCESS_TOKEN.
                """)
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "The Workspace's primary domain, e.g. acme.com (the name results are shown under).") var domain: String
        @Option(help: "The customer id (default: the administrator's own account).") var customer: String = "my_customer"
        @Option(help: "A service account key file (JSON).") var credentials: String?
        @Option(help: "The administrator the service account acts as.") var subject: String?
        @Option(help: "The Directory API's base URL.") var apiUrl: String = "https://admin.googleapis.com"
        @Option(help: "Seconds to wait for one API call.") var timeout: Int = 20
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard domain.wholeMatch(of: /[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/) != nil, domain.count <= 253 else {
                throw ValidationError("--domain '\(domain.prefix(60))' is not a domain name like acme.com.")
            }
            guard customer.wholeMatch(of: /my_customer|C[0-9a-z]{5,20}/) != nil else {
                throw ValidationError("--customer '\(customer.prefix(30))' is neither my_customer nor a customer id like C01abc23d.")
            }
            guard (credentials == nil) == (subject == nil) else { throw ValidationError("--credentials and --subject go together.") }
            guard (1...300).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 300 seconds.") }
        }

        func run() async throws {
            let base = try CollectCommand.baseURL(apiUrl, option: "--api-url")
            let account = try credentials.map { try GoogleServiceAccount(json: try InputFile.read($0, limit: GoogleServiceAccount.largestFile)) }
            let environmentToken = ProcessInfo.processInfo.environment["GOOGLE_ACCESS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            guard account != nil || environmentToken != nil else {
                throw ValidationError("Give --credentials and --subject, or set GOOGLE_ACCESS_TOKEN.")
            }
            let settings = try data.settings()
            let (result, run) = try await Runtime.withWorkflows(settings) { workflows in
                let permit = try workflows.collectors.permit(try await workflows.organizations.operatorScope(slug: org))
                let http = CollectorHTTP(timeout: .seconds(timeout))
                var token = environmentToken ?? ""
                if let account, let subject {
                    CollectCommand.progress.note("google: token for \(account.clientEmail) acting as \(subject)")
                    token = try await account.accessToken(subject: subject, http: http)
                }
                let collector = GoogleCollector(
                    http: http, accessToken: token, customer: customer, domain: domain.lowercased(), base: base, progress: CollectCommand.progress)
                let result = try await collector.run()
                return (result, try await workflows.collectors.record(result, permit: permit))
            }
            CollectCommand.report(result, run: run, json: json)
        }
    }
}
