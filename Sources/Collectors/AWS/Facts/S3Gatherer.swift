import Foundation

/// Gathers S3: every bucket (listed once, from us-east-1) with its region, encryption, public
/// access block, versioning, access logging, policy and ACL, and the account's public access
/// block. One bucket's refusal marks only that bucket's facts.
struct S3Gatherer {
    let aws: AWSClient
    let account: String
    let progress: Progress

    func gather() async throws(CollectorError) -> S3Facts {
        guard let listing = try await aws.restXML("s3", "ListBuckets", region: "us-east-1", path: "/") else {
            throw .malformed(action: "s3:ListBuckets", reason: "no answer")
        }
        let names = listing.items("Buckets").compactMap { $0.value("Name") }
        let buckets = await concurrently(names, limit: 16) { name in await bucket(name) }
        progress.note("s3: \(buckets.count) buckets")
        let accountBlock = await Result { () async throws(CollectorError) in
            try await aws.restXML(
                "s3-control", "GetPublicAccessBlock", region: "us-east-1", account: account, path: "/v20180820/configuration/publicAccessBlock",
                headers: [("x-amz-account-id", account)], absent: ["NoSuchPublicAccessBlockConfiguration"]
            ).map(Self.block)
        }
        return S3Facts(buckets: buckets, accountBlock: accountBlock)
    }

    func bucket(_ name: String) async -> Bucket {
        let location = await Result { () async throws(CollectorError) in
            try await aws.restXML("s3", "GetBucketLocation", region: "us-east-1", path: "/\(name)", query: [("location", "")])?.text ?? ""
        }
        // An empty location constraint is us-east-1; EU is the old name of eu-west-1.
        let region =
            switch location {
            case .success(let text) where text.isEmpty: "us-east-1"
            case .success("EU"): "eu-west-1"
            case .success(let text): text
            case .failure: "us-east-1"
            }
        func get(_ action: String, _ key: String, absent: Set<String> = []) async -> Result<XMLTree?, CollectorError> {
            await Result { () async throws(CollectorError) in
                try await aws.restXML("s3", action, region: region, path: "/\(name)", query: [(key, "")], absent: absent)
            }
        }
        async let encryption = get("GetBucketEncryption", "encryption", absent: ["ServerSideEncryptionConfigurationNotFoundError"])
        async let block = get("GetPublicAccessBlock", "publicAccessBlock", absent: ["NoSuchPublicAccessBlockConfiguration"])
        async let versioning = get("GetBucketVersioning", "versioning")
        async let logging = get("GetBucketLogging", "logging")
        async let acl = get("GetBucketAcl", "acl")
        async let policy = Result { () async throws(CollectorError) -> PolicyDocument? in
            guard
                let bytes = try await aws.rest(
                    "s3", "GetBucketPolicy", region: region, path: "/\(name)", query: [("policy", "")], absent: ["NoSuchBucketPolicy"])
            else { return nil }
            do throws(XMLFailure) { return try PolicyDocument.parse(bytes) } catch {
                throw .malformed(action: "s3:GetBucketPolicy", reason: error.reason)
            }
        }
        return Bucket(
            name: name, region: region,
            encryption: await encryption.map { $0?.first("SSEAlgorithm")?.text },
            publicAccessBlock: await block.map { $0.map(Self.block) },
            versioning: await versioning.map { $0?.value("Status") == "Enabled" },
            logging: await logging.map { $0?.first("TargetBucket") != nil },
            policy: await policy,
            publicGrants: await acl.map { tree in
                (tree?.items("AccessControlList") ?? []).compactMap { grant in
                    let uri = grant.first("URI")?.text ?? ""
                    return uri.hasSuffix("/global/AllUsers") || uri.hasSuffix("/global/AuthenticatedUsers")
                        ? "\(uri.split(separator: "/").last ?? ""):\(grant.value("Permission") ?? "")" : nil
                }
            })
    }

    static func block(_ tree: XMLTree) -> PublicAccessBlock {
        PublicAccessBlock(
            blockPublicAcls: tree.value("BlockPublicAcls") == "true", ignorePublicAcls: tree.value("IgnorePublicAcls") == "true",
            blockPublicPolicy: tree.value("BlockPublicPolicy") == "true", restrictPublicBuckets: tree.value("RestrictPublicBuckets") == "true")
    }
}
