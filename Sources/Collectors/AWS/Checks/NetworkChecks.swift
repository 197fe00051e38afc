import ComplianceCore
import Foundation

extension AWSChecks {
    static let network: [Check<AWSFacts>] = [
        check(
            "ec2_securitygroup_allow_ingress_from_internet_to_all_ports", "No security group opens every port to the internet", service: "ec2",
            resource: "AwsEc2SecurityGroup", direct("CC6.6")
        ) { facts in
            groups(facts) { group in group.ingress.contains(where: \.exposesAllPorts) ? "All ports are open to the internet." : nil }
        },
        port(22, "SSH", "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22"),
        port(3389, "RDP", "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389"),
        check(
            "ec2_securitygroup_default_restrict_traffic", "Default security groups allow no traffic", service: "ec2", resource: "AwsEc2SecurityGroup",
            indirect("CC6.6")
        ) { facts in
            facts.regional(\.ec2) { region, ec2 in
                ec2.securityGroups.filter { $0.name == "default" }.map { group in
                    let open = !group.ingress.isEmpty || !group.egress.isEmpty
                    return .verdict(
                        !open, id: group.id, arn: sgARN(facts, region, group), region: region, pass: "No rules.", fail: "The default group has rules."
                    )
                }
            }
        },
    ]

    static let databases: [Check<AWSFacts>] = [
        check(
            "rds_instance_storage_encrypted", "Database storage is encrypted", service: "rds", resource: "AwsRdsDbInstance", indirect("CC6.1", "C1.1")
        ) {
            facts in
            facts.regional(\.rds) { region, instances in
                instances.map { .verdict($0.encrypted, id: $0.id, arn: $0.arn, region: region, pass: "Encrypted.", fail: "Not encrypted.") }
            }
        },
        check("rds_instance_backup_enabled", "Databases are backed up automatically", service: "rds", resource: "AwsRdsDbInstance", direct("A1.2")) {
            facts in
            facts.regional(\.rds) { region, instances in
                instances.map {
                    .verdict(
                        $0.backupRetentionDays > 0, id: $0.id, arn: $0.arn, region: region, pass: "Backups kept \($0.backupRetentionDays) days.",
                        fail: "Automated backups are off.")
                }
            }
        },
        check(
            "rds_instance_no_public_access", "Databases are not reachable from the internet", service: "rds", resource: "AwsRdsDbInstance",
            direct("CC6.6")
        ) {
            facts in
            // Reachable means both, as in Prowler: marked public and behind a security group open
            // to the internet on the database's port. (Prowler also asks for a public subnet.)
            facts.regions.flatMap { region in
                region.rds.judged(scope: region.name, region: region.name) { instances in
                    let groups = (try? region.ec2.get().securityGroups) ?? []
                    return instances.map { instance in
                        let open =
                            instance.publiclyAccessible
                            && groups.contains { group in
                                instance.securityGroups.contains(group.id)
                                    && group.ingress.contains { rule in instance.port.map(rule.exposes) ?? false }
                            }
                        return .verdict(
                            !open, id: instance.id, arn: instance.arn, region: region.name,
                            pass: instance.publiclyAccessible
                                ? "Marked public, but no security group admits the internet on its port." : "Not publicly accessible.",
                            fail: "Publicly accessible and open to the internet on port \(instance.port ?? 0).")
                    }
                }
            }
        },
    ]

    /// A port check. As in Prowler, a group already failing the all-ports check passes here with a
    /// note, so one open group is counted once.
    static func port(_ port: Int, _ name: String, _ id: String) -> Check<AWSFacts> {
        check(id, "No security group opens \(name) (\(port)) to the internet", service: "ec2", resource: "AwsEc2SecurityGroup", direct("CC6.6")) {
            facts in
            groups(facts) { group in
                if group.ingress.contains(where: \.exposesAllPorts) { return nil }
                return group.ingress.contains { $0.exposes(port) } ? "\(name) port \(port) is open to the internet." : nil
            }
        }
    }

    static func sgARN(_ facts: AWSFacts, _ region: String, _ group: SecurityGroup) -> String {
        facts.arn("ec2", region: region, "security-group/\(group.id)")
    }

    static func groups(_ facts: AWSFacts, _ problem: @escaping (SecurityGroup) -> String?) -> [ResourceFinding] {
        facts.regional(\.ec2) { region, ec2 in
            ec2.securityGroups.map { group in
                let found = problem(group)
                return ResourceFinding(
                    id: group.id, arn: sgARN(facts, region, group), region: region, status: found == nil ? .pass : .fail,
                    detail: found ?? "Not open to the internet.")
            }
        }
    }
}
