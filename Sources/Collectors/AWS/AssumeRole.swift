import AWSSigning
import Foundation

extension AWSClient {
    /// Temporary credentials for `roleARN` (STS AssumeRole), the way a platform reaches a customer's
    /// account without holding its long-lived keys. `externalID` is the customer's guard against
    /// the confused deputy.
    public func assumeRole(_ roleARN: String, externalID: String? = nil, session: String = "attest-collector") async throws(CollectorError)
        -> AWSCredentials
    {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", session), ("DurationSeconds", "3600")]
        if let externalID { parameters.append(("ExternalId", externalID)) }
        let tree = try await query("sts", "AssumeRole", version: "2011-06-15", region: "us-east-1", parameters)
        guard let credentials = tree.first("Credentials"), let key = credentials.value("AccessKeyId"),
            let secret = credentials.value("SecretAccessKey")
        else { throw .malformed(action: "sts:AssumeRole", reason: "no credentials in the answer") }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: credentials.value("SessionToken"))
    }

    /// The same client acting with other credentials.
    public func with(_ credentials: AWSCredentials) -> AWSClient { AWSClient(http: http, credentials: credentials, endpoint: endpoint) }
}
