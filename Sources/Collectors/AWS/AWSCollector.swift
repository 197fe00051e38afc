import AWSSigning
import ComplianceCore
import Foundation

/// One run of every AWS check against one account: who the credentials are, which regions, the
/// facts gathered once, then each check judged on them.
public struct AWSCollector: Sendable {
    public static let connector = "aws"
    public static let version = "1.0.0"

    public let client: AWSClient
    /// Nil: every region the account has enabled (EC2 DescribeRegions).
    public let regions: [String]?
    public let progress: Progress

    public init(client: AWSClient, regions: [String]?, progress: Progress = .silent) {
        self.client = client
        self.regions = regions
        self.progress = progress
    }

    /// Runs once. Throws only when the run cannot start (the credentials were rejected, or no
    /// account answered); everything after that ends as a check's `error`, never a pass.
    public func run(checks: [Check<AWSFacts>] = AWSChecks.all) async throws(CollectorError) -> CollectionResult {
        let startedAt = Date()
        let identity = try await client.query("sts", "GetCallerIdentity", version: "2011-06-15", region: "us-east-1")
        guard let account = identity.first("Account")?.text, !account.isEmpty else {
            throw .malformed(action: "sts:GetCallerIdentity", reason: "no account id")
        }
        progress.note("aws: account \(account) as \(identity.first("Arn")?.text ?? "unknown")")
        let regionNames = try await resolvedRegions()
        progress.note("aws: \(regionNames.count) region(s): \(regionNames.joined(separator: ", "))")
        let client = client
        let progress = progress
        async let iam = Result { () async throws(CollectorError) in try await IAMGatherer(aws: client, progress: progress).gather() }
        async let s3 = Result { () async throws(CollectorError) in try await S3Gatherer(aws: client, account: account, progress: progress).gather() }
        let regional = await concurrently(regionNames, limit: 4) { region in
            await RegionGatherer(aws: client, region: region, progress: progress).gather()
        }
        let facts = AWSFacts(account: account, iam: await iam, s3: await s3, regions: regional)
        if case .failure(let error) = facts.iam, case .badCredentials = error { throw error }
        let outcomes = AWSChecks.$now.withValue(startedAt) { checks.map { $0.run(on: facts) } }
        let finishedAt = Date()
        let failing = outcomes.filter { $0.status == .fail }.count
        let errors = outcomes.filter { $0.status == .error }.count
        progress.note(
            "aws: \(outcomes.count) checks, \(failing) failing, \(errors) error, in \(String(format: "%.1f", finishedAt.timeIntervalSince(startedAt))) s"
        )
        return CollectionResult(
            connector: Self.connector, connectorVersion: Self.version, account: account, regions: regionNames, startedAt: startedAt,
            finishedAt: finishedAt, calls: await client.http.ledger.calls, outcomes: outcomes, listings: Self.listings(facts, at: finishedAt))
    }

    func resolvedRegions() async throws(CollectorError) -> [String] {
        if let regions, !regions.isEmpty { return regions }
        let tree = try await client.query("ec2", "DescribeRegions", version: "2016-11-15", region: "us-east-1")
        let names = tree.items("regionInfo").compactMap { $0.value("regionName") }.sorted()
        return names.isEmpty ? ["us-east-1"] : names
    }

    /// The IAM user listing, for the auditor to freeze as a population, with IAM's own count.
    static func listings(_ facts: AWSFacts, at date: Date) -> [Listing] {
        guard case .success(let iam) = facts.iam else { return [] }
        let rows = iam.users.map { user in
            [
                user.name, user.arn, user.created.map(Timestamp.rfc3339) ?? "", String(user.credentials?.passwordEnabled ?? false),
                String(user.credentials?.mfaActive ?? false), user.credentials?.passwordLastUsed.map(Timestamp.rfc3339) ?? "",
            ]
        }
        return [
            Listing(
                name: "iam-users", title: "IAM users of account \(facts.account)",
                columns: ["user", "arn", "created", "password_enabled", "mfa_active", "password_last_used"], rows: rows,
                query: "iam:ListUsers (all pages) with iam:GetCredentialReport", sourceCount: iam.countedUsers,
                sourceCountQuery: "iam:GetAccountSummary SummaryMap.Users",
                // An IAM user that exists can sign in or call with its keys; a removed one is simply gone.
                accounts: iam.users.map { user in
                    SystemAccount(
                        account: user.name, email: user.name.contains("@") ? user.name : nil, createdAt: user.created, disabledAt: nil,
                        privileged: false, lastUsedAt: user.credentials?.passwordLastUsed)
                })
        ]
    }
}
