import ComplianceCore
import Foundation

/// Gathers one region's services side by side. Each service's answer or error is kept apart, so a
/// region where GuardDuty is refused still has its security groups judged.
struct RegionGatherer {
    let aws: AWSClient
    let region: String
    let progress: Progress

    func gather() async -> RegionFacts {
        async let ec2 = Result { () async throws(CollectorError) in try await ec2Facts() }
        async let rds = Result { () async throws(CollectorError) in try await dbInstances() }
        async let trails = Result { () async throws(CollectorError) in try await self.trails() }
        async let kms = Result { () async throws(CollectorError) in try await keys() }
        async let logs = Result { () async throws(CollectorError) in try await logGroups() }
        async let guardDuty = Result { () async throws(CollectorError) in try await detectors() }
        async let config = Result { () async throws(CollectorError) in try await recorders() }
        let facts = RegionFacts(
            name: region, ec2: await ec2, rds: await rds, cloudTrail: await trails, kms: await kms, logGroups: await logs,
            guardDuty: await guardDuty, config: await config)
        if case .success(let found) = facts.ec2 {
            progress.note("\(region): \(found.securityGroups.count) security groups, \(found.volumes.count) volumes, \(found.vpcs.count) VPCs")
        }
        return facts
    }

    // MARK: - EC2

    func ec2(_ action: String, _ parameters: [(String, String)] = []) async throws(CollectorError) -> XMLTree {
        try await aws.query("ec2", action, version: "2016-11-15", region: region, parameters)
    }

    func ec2Pages(_ action: String, list: String, _ parameters: [(String, String)] = []) async throws(CollectorError) -> [XMLTree] {
        try await Paging.all("ec2:\(action)") { (token: String?) async throws(CollectorError) in
            let tree = try await ec2(action, parameters + (token.map { [("NextToken", $0)] } ?? []))
            return (tree.items(list), tree.value("nextToken"))
        }
    }

    func ec2Facts() async throws(CollectorError) -> EC2Facts {
        let groups = try await ec2Pages("DescribeSecurityGroups", list: "securityGroupInfo", [("MaxResults", "1000")]).map { item in
            SecurityGroup(
                id: item.value("groupId") ?? "", name: item.value("groupName") ?? "", vpcID: item.value("vpcId") ?? "",
                ingress: Self.rules(item.items("ipPermissions")), egress: Self.rules(item.items("ipPermissionsEgress")))
        }
        let volumes = try await ec2Pages("DescribeVolumes", list: "volumeSet", [("MaxResults", "500")]).map { item in
            Volume(id: item.value("volumeId") ?? "", encrypted: item.value("encrypted") == "true")
        }
        let vpcs = try await ec2Pages("DescribeVpcs", list: "vpcSet").map { item in
            VPC(id: item.value("vpcId") ?? "", isDefault: item.value("isDefault") == "true")
        }
        let defaultEncryption = await Result { () async throws(CollectorError) in
            try await ec2("GetEbsEncryptionByDefault").value("ebsEncryptionByDefault") == "true"
        }
        let flowLogs = await Result { () async throws(CollectorError) in
            Set(try await ec2Pages("DescribeFlowLogs", list: "flowLogSet").compactMap { $0.value("resourceId") })
        }
        return EC2Facts(securityGroups: groups, volumes: volumes, defaultEncryption: defaultEncryption, vpcs: vpcs, flowLogVPCs: flowLogs)
    }

    static func rules(_ items: [XMLTree]) -> [IngressRule] {
        items.map { item in
            IngressRule(
                proto: item.value("ipProtocol") ?? "-1", fromPort: item.value("fromPort").flatMap { Int($0) },
                toPort: item.value("toPort").flatMap { Int($0) },
                ranges: item.items("ipRanges").compactMap { $0.value("cidrIp") } + item.items("ipv6Ranges").compactMap { $0.value("cidrIpv6") })
        }
    }

    // MARK: - RDS

    func dbInstances() async throws(CollectorError) -> [DBInstance] {
        try await Paging.all("rds:DescribeDBInstances") { (marker: String?) async throws(CollectorError) in
            let tree = try await aws.query("rds", "DescribeDBInstances", version: "2014-10-31", region: region, marker.map { [("Marker", $0)] } ?? [])
            let result = tree.at("DescribeDBInstancesResult")
            let instances = (result?.items("DBInstances") ?? []).map { item in
                DBInstance(
                    id: item.value("DBInstanceIdentifier") ?? "", arn: item.value("DBInstanceArn") ?? "",
                    encrypted: item.value("StorageEncrypted") == "true", backupRetentionDays: Int(item.value("BackupRetentionPeriod") ?? "") ?? 0,
                    publiclyAccessible: item.value("PubliclyAccessible") == "true",
                    securityGroups: item.items("VpcSecurityGroups").compactMap { $0.value("VpcSecurityGroupId") },
                    port: item.at("Endpoint")?.value("Port").flatMap { Int($0) })
            }
            return (instances, result?.value("Marker"))
        }
    }

    // MARK: - CloudTrail

    func trails() async throws(CollectorError) -> [Trail] {
        let target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"
        let listed = try await aws.json("cloudtrail", target: target, "DescribeTrails", region: region, ["includeShadowTrails": true])
        var trails: [Trail] = []
        for item in listed["trailList"].array {
            let arn = item["TrailARN"].string ?? ""
            let status = try await aws.json("cloudtrail", target: target, "GetTrailStatus", region: region, ["Name": arn])
            trails.append(
                Trail(
                    name: item["Name"].string ?? "", arn: arn, homeRegion: item["HomeRegion"].string ?? region,
                    multiRegion: item["IsMultiRegionTrail"].bool ?? false, logValidation: item["LogFileValidationEnabled"].bool ?? false,
                    cloudWatchLogGroup: item["CloudWatchLogsLogGroupArn"].string, kmsKey: item["KmsKeyId"].string,
                    logging: status["IsLogging"].bool ?? false,
                    latestCloudWatchDelivery: status["LatestCloudWatchLogsDeliveryTime"].int.map { Date(timeIntervalSince1970: Double($0)) }))
        }
        return trails
    }

    // MARK: - KMS, CloudWatch Logs, GuardDuty, Config

    func keys() async throws(CollectorError) -> [KMSKey] {
        let ids = try await Paging.all("kms:ListKeys") { (marker: String?) async throws(CollectorError) in
            var body: [String: any Sendable] = ["Limit": 1000]
            if let marker { body["Marker"] = marker }
            let page = try await aws.json("kms", target: "TrentService", "ListKeys", region: region, body)
            return (page["Keys"].array.compactMap { $0["KeyId"].string }, page["Truncated"].bool == true ? page["NextMarker"].string : nil)
        }
        return try await concurrently(ids, limit: 8) { id in
            await Result { () async throws(CollectorError) -> KMSKey in
                let key = try await aws.json("kms", target: "TrentService", "DescribeKey", region: region, ["KeyId": id])["KeyMetadata"]
                let customer = key["KeyManager"].string == "CUSTOMER"
                let symmetric = (key["KeySpec"].string ?? key["CustomerMasterKeySpec"].string ?? "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
                let enabled = key["KeyState"].string == "Enabled"
                let rotation: Result<Bool, CollectorError> =
                    customer && symmetric && enabled
                    ? await Result { () async throws(CollectorError) in
                        try await aws.json("kms", target: "TrentService", "GetKeyRotationStatus", region: region, ["KeyId": id])["KeyRotationEnabled"]
                            .bool ?? false
                    } : .success(false)
                return KMSKey(
                    id: id, arn: key["Arn"].string ?? "", customerManaged: customer, enabled: enabled, symmetric: symmetric, rotation: rotation)
            }
        }.map { result throws(CollectorError) in try result.get() }
    }

    func logGroups() async throws(CollectorError) -> [LogGroup] {
        try await Paging.all("logs:DescribeLogGroups") { (token: String?) async throws(CollectorError) in
            var body: [String: any Sendable] = ["limit": 50]
            if let token { body["nextToken"] = token }
            let page = try await aws.json("logs", target: "Logs_20140328", "DescribeLogGroups", region: region, body)
            let groups = page["logGroups"].array.map { item in
                LogGroup(name: item["logGroupName"].string ?? "", arn: item["arn"].string ?? "", retentionDays: item["retentionInDays"].int)
            }
            return (groups, page["nextToken"].string)
        }
    }

    func detectors() async throws(CollectorError) -> [Detector] {
        let ids = try await aws.restJSON("guardduty", "ListDetectors", region: region, path: "/detector")["detectorIds"].array.compactMap(\.string)
        var detectors: [Detector] = []
        for id in ids {
            let detector = try await aws.restJSON("guardduty", "GetDetector", region: region, path: "/detector/\(id)")
            detectors.append(Detector(id: id, enabled: detector["status"].string == "ENABLED"))
        }
        return detectors
    }

    func recorders() async throws(CollectorError) -> [ConfigRecorder] {
        let target = "StarlingDoveService"
        let listed = try await aws.json("config", target: target, "DescribeConfigurationRecorders", region: region)
        let statuses = try await aws.json("config", target: target, "DescribeConfigurationRecorderStatus", region: region)
        return listed["ConfigurationRecorders"].array.map { recorder in
            let name = recorder["name"].string ?? ""
            let status = statuses["ConfigurationRecordersStatus"].array.first { $0["name"].string == name }
            return ConfigRecorder(name: name, recording: status?["recording"].bool ?? false, lastStatus: status?["lastStatus"].string)
        }
    }
}
