import ComplianceCore
import Foundation

/// Everything one AWS run gathered. A service, region or resource that did not answer holds its
/// error, so each check that needed it reports `error` and the others still judge.
public struct AWSFacts: Sendable {
    public var account: String
    public var iam: Result<IAMFacts, CollectorError>
    public var s3: Result<S3Facts, CollectorError>
    /// By region, in the order asked.
    public var regions: [RegionFacts]

    /// Findings for every region's facts of one service.
    func regional<Facts>(_ service: KeyPath<RegionFacts, Result<Facts, CollectorError>>, _ judge: (String, Facts) -> [ResourceFinding])
        -> [ResourceFinding]
    {
        regions.flatMap { region in region[keyPath: service].judged(scope: region.name, region: region.name) { judge(region.name, $0) } }
    }

    func arn(_ service: String, region: String = "", _ resource: String) -> String { "arn:aws:\(service):\(region):\(account):\(resource)" }
}

public struct RegionFacts: Sendable {
    public let name: String
    public var ec2: Result<EC2Facts, CollectorError>
    public var rds: Result<[DBInstance], CollectorError>
    public var cloudTrail: Result<[Trail], CollectorError>
    public var kms: Result<[KMSKey], CollectorError>
    public var logGroups: Result<[LogGroup], CollectorError>
    public var guardDuty: Result<[Detector], CollectorError>
    public var config: Result<[ConfigRecorder], CollectorError>
}

// MARK: - IAM

public struct IAMFacts: Sendable {
    public var users: [IAMUser]
    /// The credential report's `<root_account>` row.
    public var root: CredentialRow?
    public var passwordPolicy: PasswordPolicy?
    /// Customer-managed policies attached to someone, with their default version's document.
    public var attachedPolicies: [ManagedPolicy]
    /// Inline policies of users, groups and roles.
    public var inlinePolicies: [InlinePolicy]
    /// IAM's own count of users (GetAccountSummary), the listing's completeness evidence.
    public var countedUsers: Int?
}

public struct IAMUser: Sendable {
    public let name: String
    public let arn: String
    public let created: Date?
    public var credentials: CredentialRow?
    public var attachedPolicies: Result<[String], CollectorError>
    public var inlinePolicies: Result<[String], CollectorError>
}

/// A row of the IAM credential report: the one call that answers for every user at once.
public struct CredentialRow: Sendable {
    public let user: String
    public let arn: String
    public let passwordEnabled: Bool
    public let passwordLastUsed: Date?
    public let passwordLastChanged: Date?
    public let mfaActive: Bool
    public let keys: [AccessKey]
    public let created: Date?

    public struct AccessKey: Sendable {
        public let slot: Int
        public let active: Bool
        public let lastRotated: Date?
        public let lastUsed: Date?
    }
}

public struct PasswordPolicy: Sendable {
    public let minimumLength: Int
    public let requireSymbols, requireNumbers, requireUppercase, requireLowercase: Bool
    public let reusePrevention: Int?
    public let maxAge: Int?
}

public struct ManagedPolicy: Sendable {
    public let name: String
    public let arn: String
    public let document: Result<PolicyDocument, CollectorError>
}

public struct InlinePolicy: Sendable {
    /// `user`, `group` or `role`.
    public let ownerKind: String
    public let owner: String
    public let ownerARN: String
    public let name: String
    public let document: Result<PolicyDocument, CollectorError>
}

/// The statements of an IAM policy document, reduced to what the checks ask.
public struct PolicyDocument: Sendable {
    public struct Statement: Sendable {
        public let allow: Bool
        public let actions: [String]
        public let notActions: [String]
        public let resources: [String]
        public let principals: [String]
        /// `aws:SecureTransport` values this statement is conditioned on.
        public let secureTransport: [String]
    }

    public let statements: [Statement]

    /// Allows every action on every resource: the administrator's policy.
    public var grantsAdministrator: Bool {
        statements.contains { $0.allow && $0.actions.contains("*") && $0.resources.contains("*") }
    }
}

// MARK: - S3

public struct S3Facts: Sendable {
    public var buckets: [Bucket]
    public var accountBlock: Result<PublicAccessBlock?, CollectorError>
}

public struct Bucket: Sendable {
    public let name: String
    public var region: String
    public var encryption: Result<String?, CollectorError>
    public var publicAccessBlock: Result<PublicAccessBlock?, CollectorError>
    public var versioning: Result<Bool, CollectorError>
    public var logging: Result<Bool, CollectorError>
    public var policy: Result<PolicyDocument?, CollectorError>
    /// Grants to everyone or to any authenticated AWS user.
    public var publicGrants: Result<[String], CollectorError>
}

public struct PublicAccessBlock: Sendable {
    public let blockPublicAcls, ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets: Bool

    public var all: Bool { blockPublicAcls && ignorePublicAcls && blockPublicPolicy && restrictPublicBuckets }
}

// MARK: - EC2 and VPC

public struct EC2Facts: Sendable {
    public var securityGroups: [SecurityGroup]
    public var volumes: [Volume]
    public var defaultEncryption: Result<Bool, CollectorError>
    public var vpcs: [VPC]
    public var flowLogVPCs: Result<Set<String>, CollectorError>
}

public struct SecurityGroup: Sendable {
    public let id, name, vpcID: String
    public let ingress: [IngressRule]
    public let egress: [IngressRule]
}

public struct IngressRule: Sendable {
    /// `tcp`, `udp`, `icmp` or `-1` for every protocol.
    public let proto: String
    public let fromPort: Int?
    public let toPort: Int?
    public let ranges: [String]

    public var openToInternet: Bool { ranges.contains("0.0.0.0/0") || ranges.contains("::/0") }

    /// Open to the internet on `port` over TCP (or every protocol).
    public func exposes(_ port: Int) -> Bool {
        guard openToInternet else { return false }
        if proto == "-1" { return true }
        guard proto == "tcp" || proto == "6" else { return false }
        guard let fromPort, let toPort else { return true }
        return fromPort <= port && port <= toPort
    }

    public init(proto: String, fromPort: Int?, toPort: Int?, ranges: [String]) {
        self.proto = proto
        self.fromPort = fromPort
        self.toPort = toPort
        self.ranges = ranges
    }

    public var exposesAllPorts: Bool {
        guard openToInternet else { return false }
        if proto == "-1" { return true }
        return (fromPort ?? 0) <= 0 && (toPort ?? 65535) >= 65535
    }
}

public struct Volume: Sendable {
    public let id: String
    public let encrypted: Bool
}

public struct VPC: Sendable {
    public let id: String
    public let isDefault: Bool
}

// MARK: - The other regional services

public struct DBInstance: Sendable {
    public let id, arn: String
    public let encrypted: Bool
    public let backupRetentionDays: Int
    public let publiclyAccessible: Bool
    public let securityGroups: [String]
    public let port: Int?
}

public struct Trail: Sendable {
    public let name, arn, homeRegion: String
    public let multiRegion: Bool
    public let logValidation: Bool
    public let cloudWatchLogGroup: String?
    public let kmsKey: String?
    public let logging: Bool
    public let latestCloudWatchDelivery: Date?
}

public struct KMSKey: Sendable {
    public let id, arn: String
    public let customerManaged: Bool
    public let enabled: Bool
    public let symmetric: Bool
    public let rotation: Result<Bool, CollectorError>
}

public struct LogGroup: Sendable {
    public let name, arn: String
    public let retentionDays: Int?
}

public struct Detector: Sendable {
    public let id: String
    public let enabled: Bool
}

public struct ConfigRecorder: Sendable {
    public let name: String
    public let recording: Bool
    public let lastStatus: String?
}
