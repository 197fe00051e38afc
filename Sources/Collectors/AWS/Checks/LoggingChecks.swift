import ComplianceCore
import Foundation

extension AWSChecks {
    static let logging: [Check<AWSFacts>] = [
        check(
            "cloudtrail_multi_region_enabled", "Every region is covered by a CloudTrail trail that is logging", service: "cloudtrail",
            resource: "AwsCloudTrailTrail", direct("CC7.2")
        ) { facts in
            facts.regional(\.cloudTrail) { region, trails in
                let covering = trails.first { $0.logging && ($0.multiRegion || $0.homeRegion == region) }
                return [
                    .verdict(
                        covering != nil, id: covering?.name ?? region, arn: covering?.arn ?? facts.arn("cloudtrail", region: region, "trail"),
                        region: region,
                        pass: "Trail \(covering?.name ?? "") is logging.", fail: "No trail is logging in this region.")
                ]
            }
        },
        check(
            "cloudtrail_log_file_validation_enabled", "Trails sign their log files", service: "cloudtrail", resource: "AwsCloudTrailTrail",
            indirect("CC7.2")
        ) { facts in
            trails(facts) { trail, region in
                .verdict(
                    trail.logValidation, id: trail.name, arn: trail.arn, region: region, pass: "Log file validation is on.",
                    fail: "Log file validation is off.")
            }
        },
        check(
            "cloudtrail_cloudwatch_logging_enabled", "Trails deliver to CloudWatch Logs within the last day", service: "cloudtrail",
            resource: "AwsCloudTrailTrail", indirect("CC7.2")
        ) { facts in
            trails(facts) { trail, region in
                let fresh = trail.cloudWatchLogGroup != nil && (days(since: trail.latestCloudWatchDelivery) ?? Int.max) < 1
                return .verdict(
                    fresh, id: trail.name, arn: trail.arn, region: region, pass: "Delivered to CloudWatch Logs in the last day.",
                    fail: trail.cloudWatchLogGroup == nil ? "Not sent to CloudWatch Logs." : "No delivery to CloudWatch Logs in the last day.")
            }
        },
        check(
            "cloudtrail_kms_encryption_enabled", "Trails encrypt logs with a KMS key", service: "cloudtrail", resource: "AwsCloudTrailTrail",
            indirect("CC6.1")
        ) { facts in
            trails(facts) { trail, region in
                .verdict(
                    trail.kmsKey != nil, id: trail.name, arn: trail.arn, region: region, pass: "Encrypted with a KMS key.",
                    fail: "Not encrypted with a KMS key.")
            }
        },
        check(
            "cloudwatch_log_group_retention_policy_specific_days_enabled", "Log groups keep events for at least a year", service: "logs",
            resource: "AwsLogsLogGroup", indirect("CC7.2")
        ) { facts in
            facts.regional(\.logGroups) { region, groups in
                groups.map { group in
                    // No retention setting keeps events forever.
                    let kept = group.retentionDays.map { $0 >= 365 } ?? true
                    return .verdict(
                        kept, id: group.name, arn: group.arn, region: region, pass: "Kept \(group.retentionDays.map { "\($0) days" } ?? "forever").",
                        fail: "Kept only \(group.retentionDays ?? 0) days.")
                }
            }
        },
        check(
            "guardduty_is_enabled", "GuardDuty watches every region", service: "guardduty", resource: "AwsGuardDutyDetector",
            direct("CC7.2") + indirect("CC6.8")
        ) {
            facts in
            facts.regional(\.guardDuty) { region, detectors in
                let enabled = detectors.first { $0.enabled }
                let id = enabled?.id ?? detectors.first?.id ?? "unknown"
                return [
                    .verdict(
                        enabled != nil, id: id, arn: facts.arn("guardduty", region: region, "detector/\(id)"), region: region,
                        pass: "GuardDuty is enabled.", fail: detectors.isEmpty ? "No GuardDuty detector." : "The detector is suspended.")
                ]
            }
        },
        check(
            "config_recorder_all_regions_enabled", "AWS Config records changes in every region", service: "config",
            resource: "AwsConfigConfigurationRecorder",
            direct("CC7.1") + indirect("CC8.1")
        ) { facts in
            facts.regional(\.config) { region, recorders in
                let recording = recorders.first { $0.recording && $0.lastStatus != "Failure" }
                let name = recording?.name ?? recorders.first?.name ?? region
                return [
                    .verdict(
                        recording != nil, id: name, arn: facts.arn("config", region: region, "recorder"), region: region,
                        pass: "Recorder \(name) is recording.",
                        fail: recorders.isEmpty ? "No configuration recorder." : "The recorder is not recording.")
                ]
            }
        },
        check("vpc_flow_logs_enabled", "VPCs record flow logs", service: "vpc", resource: "AwsEc2Vpc", indirect("CC7.2")) { facts in
            facts.regional(\.ec2) { region, ec2 in
                ec2.flowLogVPCs.judged(scope: region, region: region) { logged in
                    ec2.vpcs.map { vpc in
                        .verdict(
                            logged.contains(vpc.id), id: vpc.id, arn: facts.arn("ec2", region: region, "vpc/\(vpc.id)"), region: region,
                            pass: "Flow logs are on.", fail: "No flow logs.")
                    }
                }
            }
        },
        check(
            "s3_bucket_server_access_logging_enabled", "Buckets log access requests", service: "s3", resource: "AwsS3Bucket", indirect("CC7.2")
        ) { facts in
            buckets(facts, \.logging) { bucket, on in
                .verdict(
                    on, id: bucket.name, arn: arn(bucket), region: bucket.region, pass: "Server access logging is on.",
                    fail: "Server access logging is off.")
            }
        },
    ]

    /// Judges every trail once, in its home region (shadow copies in other regions are skipped).
    static func trails(_ facts: AWSFacts, _ judge: (Trail, String) -> ResourceFinding) -> [ResourceFinding] {
        facts.regional(\.cloudTrail) { region, trails in trails.filter { $0.homeRegion == region }.map { judge($0, region) } }
    }
}
