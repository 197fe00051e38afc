import ComplianceCore
import Foundation

extension AWSChecks {
    static let storage: [Check<AWSFacts>] = [
        check("s3_bucket_default_encryption", "Buckets encrypt objects by default", service: "s3", resource: "AwsS3Bucket", indirect("CC6.1", "C1.1"))
        {
            facts in
            buckets(facts, \.encryption) { bucket, algorithm in
                .verdict(
                    algorithm != nil, id: bucket.name, arn: arn(bucket), region: bucket.region, pass: "Encrypted with \(algorithm ?? "").",
                    fail: "No default encryption.")
            }
        },
        check(
            "s3_bucket_level_public_access_block", "Buckets block public access", service: "s3", resource: "AwsS3Bucket", indirect("CC6.1")
        ) { facts in
            buckets(facts, \.publicAccessBlock) { bucket, block in
                let blocked = (block?.all ?? false) || accountBlocks(facts)
                return .verdict(
                    blocked, id: bucket.name, arn: arn(bucket), region: bucket.region, pass: "Public access is blocked.",
                    fail: "Public access is not fully blocked.")
            }
        },
        check(
            "s3_account_level_public_access_blocks", "The account blocks public access to every bucket", service: "s3", resource: "AwsAccount",
            indirect("CC6.1")
        ) { facts in
            facts.s3.judged(scope: "s3") { s3 in
                s3.accountBlock.judged(scope: "s3-control") { block in
                    [
                        .verdict(
                            block?.all ?? false, id: facts.account, arn: "arn:aws:s3:::\(facts.account)", region: "us-east-1",
                            pass: "All four settings are on.", fail: "The account does not block public access.")
                    ]
                }
            }
        },
        check(
            "s3_bucket_public_access", "No bucket is readable or writable by everyone", service: "s3", resource: "AwsS3Bucket",
            direct("CC6.1") + indirect("C1.1")
        ) { facts in
            facts.s3.judged(scope: "s3") { s3 in
                s3.buckets.map { bucket in
                    if accountBlocks(facts) || (try? bucket.publicAccessBlock.get())??.all == true {
                        return .verdict(true, id: bucket.name, arn: arn(bucket), region: bucket.region, pass: "Public access is blocked.", fail: "")
                    }
                    switch (bucket.publicGrants, bucket.policy) {
                    case (.failure(let error), _), (_, .failure(let error)): return .unanswered(error, scope: bucket.name, region: bucket.region)
                    case (.success(let grants), .success(let policy)):
                        let open = !grants.isEmpty || policy?.allowsEveryone == true
                        return .verdict(
                            !open, id: bucket.name, arn: arn(bucket), region: bucket.region, pass: "Not public.",
                            fail: "Public through \(grants.isEmpty ? "its policy" : grants.joined(separator: ", ")).")
                    }
                }
            }
        },
        check("s3_bucket_object_versioning", "Buckets keep object versions", service: "s3", resource: "AwsS3Bucket", indirect("A1.2", "CC7.4")) {
            facts in
            buckets(facts, \.versioning) { bucket, enabled in
                .verdict(
                    enabled, id: bucket.name, arn: arn(bucket), region: bucket.region, pass: "Versioning is enabled.",
                    fail: "Versioning is not enabled.")
            }
        },
        check(
            "s3_bucket_secure_transport_policy", "Buckets refuse requests not made over TLS", service: "s3", resource: "AwsS3Bucket", direct("CC6.7")
        ) { facts in
            buckets(facts, \.policy) { bucket, policy in
                .verdict(
                    policy?.deniesInsecureTransport == true, id: bucket.name, arn: arn(bucket), region: bucket.region,
                    pass: "The policy denies requests without TLS.",
                    fail: policy == nil ? "No bucket policy." : "The policy does not deny requests without TLS.")
            }
        },
        check("ec2_ebs_default_encryption", "New EBS volumes are encrypted by default", service: "ec2", resource: "AwsAccount", indirect("CC6.1")) {
            facts in
            facts.regional(\.ec2) { region, ec2 in
                ec2.defaultEncryption.judged(scope: region, region: region) { on in
                    [
                        .verdict(
                            on, id: facts.account, arn: facts.arn("ec2", region: region, "account"), region: region,
                            pass: "Default EBS encryption is on.", fail: "Default EBS encryption is off.")
                    ]
                }
            }
        },
        check("ec2_ebs_volume_encryption", "EBS volumes are encrypted", service: "ec2", resource: "AwsEc2Volume", indirect("CC6.1", "C1.1")) {
            facts in
            facts.regional(\.ec2) { region, ec2 in
                ec2.volumes.map { volume in
                    .verdict(
                        volume.encrypted, id: volume.id, arn: facts.arn("ec2", region: region, "volume/\(volume.id)"), region: region,
                        pass: "Encrypted.", fail: "Not encrypted.")
                }
            }
        },
        check("kms_cmk_rotation_enabled", "Customer-managed keys rotate yearly", service: "kms", resource: "AwsKmsKey", indirect("CC6.1")) { facts in
            facts.regional(\.kms) { region, keys in
                keys.filter { $0.customerManaged && $0.enabled && $0.symmetric }.map { key in
                    key.rotation.judged(scope: key.id, region: region) { on in
                        [
                            .verdict(
                                on, id: key.id, arn: key.arn, region: region, pass: "Automatic rotation is on.", fail: "Automatic rotation is off.")
                        ]
                    }.first!
                }
            }
        },
    ]

    static func arn(_ bucket: Bucket) -> String { "arn:aws:s3:::\(bucket.name)" }

    static func accountBlocks(_ facts: AWSFacts) -> Bool {
        guard case .success(let s3) = facts.s3, case .success(let block) = s3.accountBlock else { return false }
        return block?.all ?? false
    }

    /// Judges one fact of every bucket; a bucket whose fact was refused is that check's error.
    static func buckets<Fact>(
        _ facts: AWSFacts, _ fact: KeyPath<Bucket, Result<Fact, CollectorError>>, _ judge: (Bucket, Fact) -> ResourceFinding
    ) -> [ResourceFinding] {
        facts.s3.judged(scope: "s3") { s3 in
            s3.buckets.map { bucket in
                switch bucket[keyPath: fact] {
                case .success(let value): judge(bucket, value)
                case .failure(let error): .unanswered(error, scope: bucket.name, region: bucket.region)
                }
            }
        }
    }
}
