import Collectors
import ComplianceCore
import Foundation
import Persistence
import UseCases

/// Acme's connected AWS account for the demo: sixty days of daily runs with a three-day outage of
/// the collector, a bucket that lost its encryption this week, a console user without MFA whose
/// finding is muted, and monitors on three controls. Every run is marked `demo`: none was collected
/// from a live account. Only the newest run stores evidence (as a real run would); the older ones
/// are run records, so the calendar has a history without hundreds of evidence versions.
enum DemoMonitoring {
    static let account = "210987654321"
    static let links: [(check: String, control: String)] = [
        ("iam_root_mfa_enabled", "ACC-01"), ("iam_user_mfa_enabled_console_access", "ACC-01"),
        ("s3_bucket_default_encryption", "DAT-01"), ("rds_instance_storage_encrypted", "DAT-01"),
        ("cloudtrail_multi_region_enabled", "OPS-02"), ("cloudwatch_log_group_retention_policy_specific_days_enabled", "OPS-02"),
        ("guardduty_is_enabled", "OPS-02"),
    ]

    static func seed(_ workflows: Workflows, scope: TenantScope, now: Date = Date()) async throws {
        let today = Day(now)
        let permit = try workflows.collectors.permit(scope)
        var history: [CollectorRun] = []
        for daysAgo in stride(from: 60, through: 1, by: -1) where !(19...21).contains(daysAgo) {
            let result = Self.result(on: today.adding(days: -daysAgo))
            history.append(
                CollectorRun(
                    organizationID: scope.organizationID, connector: "aws", connectorVersion: AWSCollector.version, account: account,
                    regions: result.regions, startedBy: "scheduler", startedAt: result.startedAt, finishedAt: result.finishedAt,
                    calls: result.calls, errors: result.errors,
                    checks: result.outcomes.map { CheckSummary($0, evidenceID: nil) }, demo: true))
        }
        try await workflows.collectors.recordDemoHistory(history, permit: permit, now: now)
        for link in links {
            _ = try await workflows.monitors.link(check: link.check, control: link.control, in: scope, now: now)
        }
        _ = try await workflows.monitors.mute(
            check: "iam_user_mfa_enabled_console_access", resource: "arn:aws:iam::\(account):user/ci-release",
            owner: "olivia@acme.example",
            reason: "Release bot's console login is being removed in the SSO migration (ticket SEC-212); its keys are rotated weekly meanwhile.",
            expiresOn: today.adding(days: 20), in: scope, now: now)
        _ = try await workflows.collectors.record(Self.result(on: today, at: now), permit: permit, demo: true, now: now)
        // The account's connection, paused: its key is an example, and nothing here reaches AWS.
        let connection = try await workflows.connections.create(
            ConnectionWorkflow.Draft(
                name: "Acme production (demo: recorded runs, not collecting)", regions: ["eu-west-2", "us-east-1"],
                roleARN: "arn:aws:iam::\(account):role/attest-audit", externalID: "acme-demo", cadenceHours: 24,
                accessKeyID: "AKIADEMOEXAMPLE00001", secretAccessKey: "demo-secret-that-opens-nothing"), in: scope, now: now)
        _ = try await workflows.connections.update(connection.id, enabled: false, cadenceHours: nil, in: scope, now: now)
    }

    /// What the account looked like on `day`: the same resources every day, with the changes the
    /// story needs.
    static func result(on day: Day, at moment: Date? = nil) -> CollectionResult {
        let started = moment.map { $0.addingTimeInterval(-40) } ?? day.date.addingTimeInterval(6 * 3600 + 17 * 60)
        let age = Day(Date()).days(until: day)  // 0 today, negative before
        let checks = Dictionary(uniqueKeysWithValues: AWSChecks.descriptors.map { ($0.id, $0) })
        func finding(_ id: String, _ arn: String, region: String, pass: Bool, _ detail: String) -> ResourceFinding {
            ResourceFinding(id: id, arn: arn, region: region, status: pass ? .pass : .fail, detail: detail)
        }
        let iam = "arn:aws:iam::\(account)"
        var outcomes: [CheckOutcome] = []
        outcomes.append(
            CheckOutcome(
                check: checks["iam_root_mfa_enabled"]!,
                resources: [finding("root", "\(iam):root", region: "global", pass: true, "The root user has MFA.")]))
        outcomes.append(
            CheckOutcome(
                check: checks["iam_user_mfa_enabled_console_access"]!,
                resources: ["olivia", "sam", "priya"].map {
                    finding($0, "\(iam):user/\($0)", region: "global", pass: true, "Console password with MFA.")
                } + [
                    finding(
                        "ci-release", "\(iam):user/ci-release", region: "global", pass: age < -30,
                        age < -30 ? "No console password." : "Console password without MFA.")
                ]))
        let buckets = ["acme-prod-data", "acme-backups", "acme-logs"] + (age >= -4 ? ["acme-exports-tmp"] : [])
        outcomes.append(
            CheckOutcome(
                check: checks["s3_bucket_default_encryption"]!,
                resources: buckets.map { bucket in
                    let plain = bucket == "acme-exports-tmp"
                    return finding(
                        bucket, "arn:aws:s3:::\(bucket)", region: "eu-west-2", pass: !plain,
                        plain ? "No default encryption configured." : "Default encryption: aws:kms.")
                }))
        outcomes.append(
            CheckOutcome(
                check: checks["rds_instance_storage_encrypted"]!,
                resources: [
                    finding(
                        "acme-prod", "arn:aws:rds:eu-west-2:\(account):db:acme-prod", region: "eu-west-2", pass: true, "Storage encrypted with KMS.")
                ]))
        outcomes.append(
            CheckOutcome(
                check: checks["cloudtrail_multi_region_enabled"]!,
                resources: [
                    finding(
                        "org-trail", "arn:aws:cloudtrail:eu-west-2:\(account):trail/org-trail", region: "eu-west-2", pass: true,
                        "Multi-region trail, logging.")
                ]))
        outcomes.append(
            CheckOutcome(
                check: checks["cloudwatch_log_group_retention_policy_specific_days_enabled"]!,
                resources: ["/aws/lambda/api", "/ecs/web"].map {
                    finding($0, "arn:aws:logs:eu-west-2:\(account):log-group:\($0)", region: "eu-west-2", pass: true, "Retention 400 days.")
                }))
        if (-41)...(-39) ~= age {
            outcomes.append(
                CheckOutcome(
                    check: checks["guardduty_is_enabled"]!, error: "guardduty:ListDetectors was refused in us-east-1 (AccessDeniedException)"))
        } else {
            outcomes.append(
                CheckOutcome(
                    check: checks["guardduty_is_enabled"]!,
                    resources: ["eu-west-2", "us-east-1"].map {
                        finding($0, "arn:aws:guardduty:\($0):\(account):detector", region: $0, pass: true, "Detector enabled.")
                    }))
        }
        return CollectionResult(
            connector: "aws", connectorVersion: AWSCollector.version, account: account, regions: ["eu-west-2", "us-east-1"],
            startedAt: started, finishedAt: started.addingTimeInterval(38),
            calls: [
                APICallCount(action: "sts:GetCallerIdentity", count: 1, retries: 0),
                APICallCount(action: "iam:GenerateCredentialReport", count: 2, retries: 0),
                APICallCount(action: "s3:ListBuckets", count: 1, retries: 0),
                APICallCount(action: "s3:GetBucketEncryption", count: buckets.count, retries: 0),
                APICallCount(action: "guardduty:ListDetectors", count: 2, retries: (-41)...(-39) ~= age ? 3 : 0),
            ],
            outcomes: outcomes,
            listings: [
                Listing(
                    name: "iam-users", title: "IAM users of account \(account)", columns: ["user", "console_password", "mfa"],
                    rows: [["olivia", "true", "true"], ["sam", "true", "true"], ["priya", "true", "true"], ["ci-release", "true", "false"]],
                    query: "iam:GenerateCredentialReport, iam:GetCredentialReport", sourceCount: 4, sourceCountQuery: "iam:GetAccountSummary Users")
            ])
    }
}
