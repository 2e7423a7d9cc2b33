//! SOAP 1.1 (W3C Note, 2000) over HTTP, document/literal as a WSDL 1.1
//! description binds it (the "wrapped" convention of ASP.NET's ASMX
//! services: an element named after the operation, answered by
//! `<Operation>Response` holding `<Operation>Result`).
//!
//! - The request: POST to the service's address with `Content-Type:
//!   text/xml; charset=utf-8` and `SOAPAction` naming the operation, its
//!   value quoted (SOAP 1.1 §6.1.1), as the WSDL's `soap:operation
//!   soapAction` gives it; the body an `Envelope` holding a `Body`
//!   (§4.1, §4.3). SOAP 1.2 would send `application/soap+xml` with an
//!   `action` parameter instead; this service speaks 1.1.
//! - The answer: `200` with the result's envelope; an error, `500
//!   Internal Server Error` with a `Fault` in the body (§6.2), its
//!   `faultcode` `soap:Client` when the request was at fault (§4.4.1).
//!
//! The app's SOAP stub was generated from the service's WSDL before it
//! ran (as `wsimport` or `svcutil` do), so it does not fetch it here.

use crate::catalogue::{Catalogue, Reply};
use cslab_sim::proto::http::Status;

pub const ENDPOINT: &str = "/soap";
pub const XML: &str = "text/xml; charset=utf-8";
/// The service's target namespace (WSDL `targetNamespace`).
pub const NAMESPACE: &str = "http://api.example/courses";
const ENVELOPE_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// `body` in an envelope, with the XML declaration.
pub fn envelope(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"{ENVELOPE_NS}\"><soap:Body>{body}</soap:Body></soap:Envelope>"
    )
}

/// The `SOAPAction` header of `operation`.
pub fn action_header(operation: &str) -> String {
    format!("SOAPAction: \"{NAMESPACE}/{operation}\"")
}

/// A call of `operation` with its parameters as (element, text).
pub fn call(operation: &str, params: &[(&str, &str)]) -> String {
    let params: String = params
        .iter()
        .map(|(name, value)| format!("<{name}>{value}</{name}>"))
        .collect();
    envelope(&format!(
        "<{operation} xmlns=\"{NAMESPACE}\">{params}</{operation}>"
    ))
}

/// The text of the first element `name` in `xml`.
fn text_of<'x>(xml: &'x str, name: &str) -> Option<&'x str> {
    let rest = xml.split(&format!("<{name}>")).nth(1)?;
    rest.split(&format!("</{name}>")).next()
}

fn result(operation: &str, inner: &str) -> String {
    envelope(&format!(
        "<{operation}Response xmlns=\"{NAMESPACE}\"><{operation}Result>{inner}</{operation}Result></{operation}Response>"
    ))
}

fn fault(text: &str) -> Reply {
    let body = envelope(&format!(
        "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>{text}</faultstring></soap:Fault>"
    ));
    Reply::new(Status::InternalServerError, XML, body)
}

/// The answer to a POST with `soap_action` (the header's value) and `body`.
pub fn answer(catalogue: &mut Catalogue, soap_action: &str, body: &str) -> Reply {
    let operation = soap_action
        .trim_matches('"')
        .strip_prefix(NAMESPACE)
        .and_then(|op| op.strip_prefix('/'))
        .unwrap_or_default();
    match operation {
        "GetCourse" => {
            let id = text_of(body, "id")
                .and_then(|id| id.parse().ok())
                .unwrap_or(0);
            let Some(course) = catalogue.get(id) else {
                return fault(&format!("No course with id {id}"));
            };
            let students: String = course
                .students
                .iter()
                .map(|(id, name)| format!("<Student><id>{id}</id><name>{name}</name></Student>"))
                .collect();
            let inner = format!(
                "<id>{}</id><title>{}</title><students>{students}</students>",
                course.id, course.title
            );
            Reply::new(Status::Ok, XML, result(operation, &inner))
        }
        "AddCourse" => {
            let id = catalogue.add(text_of(body, "title").unwrap_or_default());
            Reply::new(Status::Ok, XML, result(operation, &id.to_string()))
        }
        _ => fault("Unknown SOAPAction"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_answered_in_an_envelope_or_a_fault() {
        let mut c = Catalogue::default();
        let request = call("GetCourse", &[("id", "1")]);
        assert_eq!(
            request,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><GetCourse xmlns=\"http://api.example/courses\"><id>1</id></GetCourse></soap:Body></soap:Envelope>"
        );
        let action = "\"http://api.example/courses/GetCourse\"";
        assert_eq!(action_header("GetCourse"), format!("SOAPAction: {action}"));
        let got = answer(&mut c, action, &request);
        assert_eq!(got.status, Status::Ok);
        assert!(got.body.contains("<GetCourseResult><id>1</id><title>Networks</title><students><Student><id>1</id><name>Ana</name></Student>"), "{}", got.body);
        let added = answer(
            &mut c,
            "\"http://api.example/courses/AddCourse\"",
            &call("AddCourse", &[("title", "Web APIs")]),
        );
        assert!(added.body.contains("<AddCourseResult>3</AddCourseResult>"));
        let missing = answer(&mut c, action, &call("GetCourse", &[("id", "9")]));
        assert_eq!(missing.status, Status::InternalServerError);
        assert!(missing.body.contains("<soap:Fault><faultcode>soap:Client</faultcode><faultstring>No course with id 9</faultstring></soap:Fault>"));
        assert_eq!(
            answer(&mut c, "\"\"", &request).status,
            Status::InternalServerError
        );
    }
}
