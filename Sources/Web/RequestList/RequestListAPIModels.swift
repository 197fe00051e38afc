import ComplianceCore
import Foundation
import Hummingbird
import UseCases

struct RequestUpdate: StrictBody {
    static let fields: Set<String> = ["status", "owner", "due_date", "title", "provide"]
    let status: RequestStatus?
    let owner: String?
    let dueDate: Day?
    let title: String?
    let provide: String?
    enum CodingKeys: String, CodingKey {
        case status, owner, title, provide
        case dueDate = "due_date"
    }
}

struct NewRequestBody: StrictBody {
    static let fields: Set<String> = ["area", "title", "provide", "kind", "criteria", "due_date", "owner"]
    let area: String?
    let title: String
    let provide: String?
    let kind: RequestKind
    let criteria: [String]?
    let dueDate: Day?
    let owner: String?
    enum CodingKeys: String, CodingKey {
        case area, title, provide, kind, criteria, owner
        case dueDate = "due_date"
    }
}

struct RequestList: ResponseEncodable {
    let count: Int
    let requests: [RequestItemBody]

    init(count: Int, requests: [RequestItem]) {
        self.count = count
        self.requests = requests.map(RequestItemBody.init)
    }
}

struct RequestResult: ResponseEncodable {
    let request: RequestItemBody

    init(request: RequestItem) {
        self.request = RequestItemBody(request)
    }
}

struct ImportResult: ResponseEncodable { let result: RequestImportResult }
