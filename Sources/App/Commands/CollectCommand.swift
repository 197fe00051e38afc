import AWSSigning
import ArgumentParser
import Collectors
import ComplianceCore
import Foundation
import UseCases

struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect", abstract: "Run a collector once and store its results as evidence.",
        subcommands: [AWS.self, GitHub.self, Okta.self, Google.self, Checks.self])

    struct AWS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "aws",
            abstract: "Run the AWS checks with credentials from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).",
            discussion: """
                Progress goes to standard error; with --json the run and every check's findings go to standard output.
                Each check's findings are stored as a version of that check's evidence item, so the transparency log covers them.
                """)
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(name: .customLong("region"), help: "A region to check (repeatable; default: every region the account has enabled).")
        var regions: [String] = []
        @Option(help: "One endpoint for every AWS service, e.g. moto's (default: AWS_ENDPOINT_URL, else AWS itself).") var endpoint: String?
        @Option(help: "Assume this role first (STS AssumeRole) and collect with its temporary credentials.") var roleArn: String?
        @Option(help: "The external id the role's trust policy asks for.") var externalId: String?
        @Option(help: "Seconds to wait for one API call.") var timeout: Int = 20
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            for region in regions where region.wholeMatch(of: /[a-z]{2}(-[a-z]+)+-[0-9]{1,2}/) == nil {
                throw ValidationError("--region '\(region.prefix(40))' is not a region name like us-east-1.")
            }
            guard (1...300).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 300 seconds.") }
        }

        func run() async throws {
            let settings = try data.settings()
            let endpointText = endpoint ?? ProcessInfo.processInfo.environment["AWS_ENDPOINT_URL"]
            let endpointURL = try endpointText.map { text -> URL in
                guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                    throw ValidationError("--endpoint '\(text.prefix(80))' is not an http(s) URL.")
                }
                return url
            }
            guard let credentials = AWSCredentials.fromEnvironment() else {
                throw ValidationError("Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).")
            }
            let progress = Progress { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            let (result, run) = try await Runtime.withWorkflows(settings) { workflows in
                // The right to run is decided before AWS is called.
                let scope = try await workflows.organizations.operatorScope(slug: org)
                let permit = try workflows.collectors.permit(scope)
                var client = AWSClient(http: CollectorHTTP(timeout: .seconds(timeout)), credentials: credentials, endpoint: endpointURL)
                if let roleArn {
                    progress.note("aws: assuming \(roleArn)")
                    client = client.with(try await client.assumeRole(roleArn, externalID: externalId))
                }
                let result = try await AWSCollector(client: client, regions: regions.isEmpty ? nil : regions, progress: progress).run()
                let run = try await workflows.collectors.record(result, permit: permit)
                return (result, run)
            }
            CollectCommand.report(result, run: run, json: json)
        }
    }
}

extension CollectCommand {
    struct GitHub: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "github", abstract: "Run the GitHub checks on an organisation with a token from GITHUB_TOKEN.",
            discussion: "The token needs read:org and repo (or a fine-grained token with members, administration and Dependabot alerts read).")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "The GitHub organisation's login.") var githubOrg: String
        @Option(help: "The API's base URL (GitHub Enterprise Server: https://HOST/api/v3).") var apiUrl: String = "https://api.github.com"
        @Option(help: "Seconds to wait for one API call.") var timeout: Int = 20
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            guard githubOrg.wholeMatch(of: /[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/) != nil else {
                throw ValidationError("--github-org '\(githubOrg.prefix(40))' is not a GitHub organisation login.")
            }
            guard let base = URL(string: apiUrl), ["http", "https"].contains(base.scheme ?? ""), base.host != nil else {
                throw ValidationError("--api-url '\(apiUrl.prefix(80))' is not an http(s) URL.")
            }
            guard let token = ProcessInfo.processInfo.environment["GITHUB_TOKEN"], !token.isEmpty else {
                throw ValidationError("Set GITHUB_TOKEN to a token that can read the organisation.")
            }
            let settings = try data.settings()
            let progress = Collectors.Progress { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            let (result, run) = try await Runtime.withWorkflows(settings) { workflows in
                let scope = try await workflows.organizations.operatorScope(slug: org)
                let permit = try workflows.collectors.permit(scope)
                let client = GitHubClient(http: CollectorHTTP(timeout: .seconds(timeout)), token: token, base: base)
                let result = try await GitHubCollector(client: client, organization: githubOrg, progress: progress).run()
                return (result, try await workflows.collectors.record(result, permit: permit))
            }
            CollectCommand.report(result, run: run, json: json)
        }
    }

    /// The check catalogue and, per criterion, what supports it directly and indirectly: honest
    /// coverage, before any account is connected.
    struct Checks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every check with the criteria it supports, directly or indirectly.")
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let descriptors = CheckCatalog.descriptors
            if json {
                try Output.json(descriptors.map(CheckListing.init))
                return
            }
            for descriptor in descriptors {
                let criteria = descriptor.criteria.map { $0.criterion + ($0.direct ? "" : " (indirect)") }.joined(separator: ", ")
                print("\(descriptor.connector)  \(descriptor.id.padding(toLength: 62, withPad: " ", startingAt: 0)) \(criteria)")
            }
        }
    }

    struct CheckListing: Encodable {
        let id, title, connector, service, resourceType: String
        let direct: [String]
        let indirect: [String]

        init(_ descriptor: CheckDescriptor) {
            id = descriptor.id
            title = descriptor.title
            connector = descriptor.connector
            service = descriptor.service
            resourceType = descriptor.resourceType
            direct = descriptor.criteria.filter(\.direct).map(\.criterion)
            indirect = descriptor.criteria.filter { !$0.direct }.map(\.criterion)
        }
    }
}

extension CollectCommand {
    /// The run as JSON on standard output, or one line per check and a summary.
    static func report(_ result: CollectionResult, run: CollectorRun, json: Bool) {
        if json {
            FileHandle.standardOutput.write(Data(CollectionDocument.printed(result, runID: run.id)))
            return
        }
        for outcome in result.outcomes {
            let status = outcome.status.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
            print(
                "\(status) \(outcome.check.id)  \(outcome.failing.count)/\(outcome.resources.count) failing\(outcome.reason.map { "  (\($0))" } ?? "")"
            )
        }
        print("run \(run.id.uuidString.lowercased()): \(run.callCount) API calls in \(String(format: "%.1f", run.duration)) s")
    }

    /// Progress lines go to standard error, so `--json` output stays clean.
    static let progress = Collectors.Progress { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }

    static func baseURL(_ text: String, option: String) throws -> URL {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, text.count <= 300 else {
            throw ValidationError("\(option) '\(text.prefix(80))' is not an http(s) URL.")
        }
        return url
    }
}

extension CollectorError: LocalizedError {
    public var errorDescription: String? { description }
}
