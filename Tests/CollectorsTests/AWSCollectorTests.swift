import AWSSigning
import Collectors
import ComplianceCore
import Foundation
import Persistence
import TestSupport
import Testing
import UseCases

extension MotoTests {
    @Suite("AWS collector against moto", .enabled(if: MotoAccount.available, "needs moto (ATTEST_TEST_MOTO_ENDPOINT)"))
    struct AWSCollectorTests {
        @Test func verdictsOnASeededAccountNameTheFailingResources() async throws {
            let moto = try MotoAccount.seeded()
            let result = try await AWSCollector.testing(moto.endpoint, moto.credentials).run()
            #expect(result.account == moto.account)
            #expect(result.outcomes.count == AWSChecks.all.count)
            #expect(result.errors.isEmpty, "\(result.errors)")
            #expect(result.failing("iam_user_mfa_enabled_console_access") == ["user-0003", "user-0009", "user-0015", "user-0021", "user-0027"])
            #expect(result.failing("iam_policy_attached_only_to_group_or_roles") == ["user-0000", "user-0001", "user-0015", "user-0026"])
            #expect(result.failing("iam_user_two_active_access_key") == ["user-0000", "user-0020"])
            #expect(result.failing("iam_customer_attached_policy_no_administrative_privileges") == ["Administrator"])
            #expect(result.failing("iam_inline_policy_no_administrative_privileges") == ["engineers/everything"])
            #expect(result.outcome("iam_password_policy_minimum_length_14")?.status == .fail)
            #expect(result.outcome("iam_password_policy_reuse_24")?.status == .pass)
            #expect(result.failing("s3_bucket_public_access") == ["data-\(moto.account)-0001"])
            #expect(result.outcome("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22")?.failing.count == 2)
            #expect(result.outcome("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389")?.failing.count == 2)
            #expect(result.outcome("ec2_securitygroup_allow_ingress_from_internet_to_all_ports")?.failing.count == 1)
            for id in ["rds_instance_storage_encrypted", "rds_instance_backup_enabled"] {
                #expect(result.failing(id) == ["db-1"], "\(id)")
            }
            // db-1 is marked public, but its security group admits nobody from the internet.
            #expect(result.outcome("rds_instance_no_public_access")?.status == .pass)
            #expect(result.outcome("guardduty_is_enabled")?.status == .pass)
            #expect(result.outcome("config_recorder_all_regions_enabled")?.status == .fail)
            #expect(result.outcome("cloudtrail_multi_region_enabled")?.status == .pass)
            #expect(result.failing("cloudtrail_log_file_validation_enabled") == ["main"])
            #expect(result.failing("cloudwatch_log_group_retention_policy_specific_days_enabled") == ["/attest/app"])
            // The listing carries IAM's own count beside its rows.
            let users = try #require(result.listings.first { $0.name == "iam-users" })
            #expect(users.rows.count == 30 && users.sourceCount == 30)
            #expect(result.calls.contains { $0.action == "iam:GetCredentialReport" })
        }

        @Test(arguments: TestDatabase.available)
        func resultsAreEvidenceVersionedRunAfterRunAndInTheLog(_ database: TestDatabase) async throws {
            let moto = try MotoAccount.seeded()
            try await CollectorWorld.run(database) { world in
                let permit = try world.workflow.permit(world.scope)
                let first = try await world.workflow.record(try await AWSCollector.testing(moto.endpoint, moto.credentials).run(), permit: permit)
                let second = try await world.workflow.record(try await AWSCollector.testing(moto.endpoint, moto.credentials).run(), permit: permit)
                let items = try await world.store.evidence.list(in: world.scope, filter: EvidenceFilter(), now: Date())
                // One item per check, one for all findings, one for the IAM user listing; the second run added versions.
                #expect(items.count == AWSChecks.all.count + 2)
                #expect(items.allSatisfy { $0.latest?.number == 2 && $0.latest?.source.kind == .collector && $0.latest?.source.collector == "aws" })
                #expect(first.checks.map(\.evidenceID) == second.checks.map(\.evidenceID))
                let mfa = try #require(items.first { $0.title.hasSuffix("iam_user_mfa_enabled_console_access") })
                #expect(mfa.criteria == ["CC6.1"])
                #expect(mfa.latest?.period != nil && mfa.latest?.contentType == "application/json")
                let listing = try #require(items.first { $0.title.hasPrefix("IAM users") })
                #expect(listing.latest?.rowCount == 30)
                #expect(try await world.workflow.runs(in: world.scope).map(\.id) == [first.id, second.id])
                // Another organisation sees neither the runs nor one run by id.
                let (_, other) = try await world.fixtures.organization("globex")
                let otherScope = try await world.fixtures.scope("globex", as: other)
                #expect(try await world.workflow.runs(in: otherScope).isEmpty)
                await #expect(throws: DomainError.self) { try await world.workflow.run(first.id, in: otherScope) }
                let report = try await world.verifier().verify(world.scope.organization)
                #expect(report.passed, "\(report.problems)")
            }
        }

        @Test(arguments: TestDatabase.available)
        func onlyTheClientsAdminsRunCollectors(_ database: TestDatabase) async throws {
            try await CollectorWorld.run(database) { world in
                let member = try await world.fixtures.user("dev@acme.example", in: "acme", role: .member)
                let memberScope = try await world.fixtures.scope("acme", as: member)
                #expect(throws: DomainError.self) { try world.workflow.permit(memberScope) }
                let (_, other) = try await world.fixtures.organization("globex")
                let otherScope = try await world.fixtures.scope("globex", as: other)
                #expect(try await world.workflow.runs(in: otherScope).isEmpty)
            }
        }
    }
}
