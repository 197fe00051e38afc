import AWSSigning
import Collectors
import ComplianceCore
import Foundation
import Persistence
import TestSupport
import Testing
import UseCases

/// The collector between moto and a server that fails the way AWS does. Whatever fails becomes
/// the `error` of the checks that needed it, with the reason; nothing fails becomes a pass.
extension MotoTests {
    @Suite("AWS collector under faults", .enabled(if: MotoAccount.available, "needs moto (ATTEST_TEST_MOTO_ENDPOINT)"))
    struct AWSFaultTests {
        @Test func aRefusedServiceIsAnErrorAndTheRestRuns() async throws {
            let moto = try MotoAccount.seeded()
            let fault: @Sendable (FaultyAWS.Call) -> FaultyAWS.Answer = { call in
                call.service == "guardduty"
                    ? .status(403, #"{"__type":"AccessDeniedException","message":"not authorised to perform guardduty:ListDetectors"}"#) : .pass
            }
            try await FaultyAWS.withServer(upstream: moto.endpoint, fault) { endpoint in
                let result = try await AWSCollector.testing(endpoint, moto.credentials).run()
                let guardDuty = try #require(result.outcome("guardduty_is_enabled"))
                #expect(guardDuty.status == .error)
                #expect(
                    guardDuty.reason?.contains("guardduty:ListDetectors was refused (AccessDeniedException)") == true, "\(guardDuty.reason ?? "")")
                #expect(result.errors.count == 1, "\(result.errors)")
                #expect(result.outcome("iam_user_mfa_enabled_console_access")?.status == .fail, "\(result.errors)")
            }
        }

        @Test func throttlingIsRetriedWithBackoffAndTheRunFinishes() async throws {
            let moto = try MotoAccount.seeded()
            let fault: @Sendable (FaultyAWS.Call) -> FaultyAWS.Answer = { call in
                call.action == "ListUsers" && call.count <= 3 ? .status(400, FaultyAWS.xmlError("Throttling", "Rate exceeded")) : .pass
            }
            try await FaultyAWS.withServer(upstream: moto.endpoint, fault) { endpoint in
                let result = try await AWSCollector.testing(endpoint, moto.credentials).run()
                #expect(result.errors.isEmpty, "\(result.errors)")
                let listUsers = try #require(result.calls.first { $0.action == "iam:ListUsers" })
                #expect(listUsers.count == 4 && listUsers.retries == 3)
                #expect(result.failing("iam_user_mfa_enabled_console_access").count == 5)
            }
        }

        @Test func throttlingThatNeverEndsIsAnError() async throws {
            let moto = try MotoAccount.seeded()
            let fault: @Sendable (FaultyAWS.Call) -> FaultyAWS.Answer = { call in
                call.service == "rds" ? .status(400, FaultyAWS.xmlError("Throttling", "Rate exceeded")) : .pass
            }
            try await FaultyAWS.withServer(upstream: moto.endpoint, fault) { endpoint in
                let result = try await AWSCollector.testing(endpoint, moto.credentials).run()
                #expect(result.outcome("rds_instance_backup_enabled")?.reason?.contains("still throttled after 6 attempts") == true)
            }
        }

        @Test func aRegionThatTimesOutIsAnErrorOfThatRegionOnly() async throws {
            let moto = try MotoAccount.seeded()
            let fault: @Sendable (FaultyAWS.Call) -> FaultyAWS.Answer = { call in call.region == "eu-west-1" ? .hang : .pass }
            try await FaultyAWS.withServer(upstream: moto.endpoint, fault) { endpoint in
                let result = try await AWSCollector.testing(endpoint, moto.credentials, regions: ["us-east-1", "eu-west-1"], timeout: .seconds(3))
                    .run()
                let encryption = try #require(result.outcome("ec2_ebs_default_encryption"))
                #expect(encryption.status == .fail)
                let ireland = try #require(encryption.resources.first { $0.region == "eu-west-1" })
                #expect(ireland.status == .error && ireland.detail.contains("did not answer within 3 s"), "\(ireland.detail)")
                #expect(encryption.resources.contains { $0.region == "us-east-1" && $0.status == .fail })
                #expect(result.outcome("guardduty_is_enabled")?.status == .error)
                #expect(result.outcome("iam_user_mfa_enabled_console_access")?.status == .fail, "\(result.errors)")
            }
        }

        @Test func malformedXMLIsAnErrorNotAPass() async throws {
            let moto = try MotoAccount.seeded()
            let fault: @Sendable (FaultyAWS.Call) -> FaultyAWS.Answer = { call in
                call.action == "DescribeVolumes" ? .status(200, "<DescribeVolumesResponse><volumeSet><item>") : .pass
            }
            try await FaultyAWS.withServer(upstream: moto.endpoint, fault) { endpoint in
                let result = try await AWSCollector.testing(endpoint, moto.credentials).run()
                let volumes = try #require(result.outcome("ec2_ebs_volume_encryption"))
                #expect(volumes.status == .error)
                #expect(volumes.reason?.contains("ec2:DescribeVolumes answered something unreadable") == true, "\(volumes.reason ?? "")")
            }
        }

        @Test func aPageTokenThatLoopsStopsTheListing() async throws {
            let moto = try MotoAccount.seeded()
            let page = """
                <ListUsersResponse><ListUsersResult><Users><member><UserName>loop</UserName><Arn>arn:aws:iam::1:user/loop</Arn></member></Users>\
                <IsTruncated>true</IsTruncated><Marker>again</Marker></ListUsersResult></ListUsersResponse>
                """
            let fault: @Sendable (FaultyAWS.Call) -> FaultyAWS.Answer = { call in call.action == "ListUsers" ? .status(200, page) : .pass }
            try await FaultyAWS.withServer(upstream: moto.endpoint, fault) { endpoint in
                let result = try await AWSCollector.testing(endpoint, moto.credentials).run()
                let mfa = try #require(result.outcome("iam_user_mfa_enabled_console_access"))
                #expect(mfa.status == .error)
                #expect(mfa.reason?.contains("page token it had already given") == true, "\(mfa.reason ?? "")")
                #expect(result.calls.first { $0.action == "iam:ListUsers" }?.count == 2)
            }
        }

        @Test(arguments: TestDatabase.available)
        func wrongCredentialsStopTheRunStoreNothingAndNeverShowTheSecret(_ database: TestDatabase) async throws {
            let moto = try MotoAccount.seeded()
            let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
            let wrong = AWSCredentials(accessKeyID: "AKIAWRONGWRONGWRONG1", secretAccessKey: secret, sessionToken: "token-that-must-not-leak")
            let fault: @Sendable (FaultyAWS.Call) -> FaultyAWS.Answer = { call in
                call.service == "sts"
                    ? .status(403, FaultyAWS.xmlError("InvalidClientTokenId", "The security token included in the request is invalid.")) : .pass
            }
            try await FaultyAWS.withServer(upstream: moto.endpoint, fault) { endpoint in
                try await CollectorWorld.run(database) { world in
                    let permit = try world.workflow.permit(world.scope)
                    do {
                        let result = try await AWSCollector.testing(endpoint, wrong).run()
                        _ = try await world.workflow.record(result, permit: permit)
                        Issue.record("the run should have stopped")
                    } catch let error as CollectorError {
                        #expect(
                            error
                                == .badCredentials(
                                    action: "sts:GetCallerIdentity", code: "InvalidClientTokenId",
                                    message: "The security token included in the request is invalid."))
                        #expect(!error.description.contains(secret) && !error.description.contains("token-that-must-not-leak"))
                    }
                    #expect(try await world.workflow.runs(in: world.scope).isEmpty)
                    #expect(try await world.store.evidence.list(in: world.scope, filter: EvidenceFilter(), now: Date()).isEmpty)
                    #expect(!"\(wrong)".contains(secret) && !"\(wrong)".contains("token-that-must-not-leak"))
                }
            }
        }
    }
}
