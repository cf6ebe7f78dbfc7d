#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "services/AuditTrail.h"

#include <QCoroTask>

namespace td {

class AuthService;
class ReviewService;

// Review, queries and e-signatures on submissions; the audit trail.
class ReviewApi
{
public:
    ReviewApi(ReviewService &reviews, AuthService &auth, AuditTrail audit)
        : m_reviews(reviews)
        , m_auth(auth)
        , m_audit(audit)
    {}

    // PATCH /submissions/{id} {"reviewStatus"?: "reviewed"|"queried", "queryStatus"?: "answered"|"closed",
    //   "comment"?, and "password"+"meaning" when the submission is already signed} -> QuestionnaireSubmission
    QCoro::Task<HttpResponse> review(HttpRequest request);
    // POST /submissions/{id}/sign {"password","meaning"} -> QuestionnaireSubmission; 403 invalid_password
    QCoro::Task<HttpResponse> sign(HttpRequest request);
    // GET /audit?entity=&id=&actor=&since=&limit=&cursor= -> {"items":[AuditEntry],"nextCursor"}
    QCoro::Task<HttpResponse> audit(HttpRequest request);

private:
    ReviewService &m_reviews;
    AuthService &m_auth;
    AuditTrail m_audit;
};

} // namespace td
