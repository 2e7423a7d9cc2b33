//! REST as Django REST framework (3.14) serves a `ModelViewSet` through its
//! `DefaultRouter`: resources named by URLs, methods saying what to do.
//!
//! - `/courses/`: GET lists them, POST creates one: `201 Created` with a
//!   `Location` header, since the serializer has a `url` field
//!   (`CreateModelMixin.get_success_headers` copies `URL_FIELD_NAME`).
//! - `/courses/<id>/`: GET reads it, PUT replaces it (`200` with the new
//!   representation, `UpdateModelMixin`), DELETE removes it (`204 No
//!   Content`, no body, `DestroyModelMixin`).
//! - `/courses/<id>/students/`: an `@action(detail=True)` listing them.
//! - A missing one: `get_object_or_404` raises `Http404`, which DRF's
//!   `exception_handler` answers `404` with `{"detail":"Not found."}`.
//!
//! Bodies are JSON as DRF's `JSONRenderer` writes them (compact: no spaces,
//! `COMPACT_JSON`); a course as a `HyperlinkedModelSerializer` with
//! `fields = ["url", "id", "title"]`. Every answer says `Vary: Accept` and
//! the route's `Allow` (`APIView.finalize_response`).

use crate::catalogue::{Catalogue, Course, Reply, json_string};
use cslab_sim::proto::http::{Method, Status};

pub const JSON: &str = "application/json";
pub const COURSES: &str = "/courses/";

/// A course's URL path.
pub fn course_path(id: u32) -> String {
    format!("{COURSES}{id}/")
}

/// A course, its URL absolute on the `host` the request named (DRF's
/// `HyperlinkedModelSerializer` builds it with `request.build_absolute_uri`).
fn course_json(course: &Course, host: &str) -> String {
    format!(
        "{{\"url\":\"http://{host}{}\",\"id\":{},\"title\":\"{}\"}}",
        course_path(course.id),
        course.id,
        course.title
    )
}

fn students_json(course: &Course) -> String {
    let students: Vec<String> = course
        .students
        .iter()
        .map(|(id, name)| format!("{{\"id\":{id},\"name\":\"{name}\"}}"))
        .collect();
    format!("[{}]", students.join(","))
}

/// The routes: the list, one course, or its students.
enum Route {
    List,
    Detail(u32),
    Students(u32),
}

fn route(path: &str) -> Option<Route> {
    let rest = path.strip_prefix(COURSES)?;
    let mut parts = rest.split('/');
    match (parts.next()?, parts.next(), parts.next()) {
        ("", None, None) => Some(Route::List),
        (id, Some(""), None) => Some(Route::Detail(id.parse().ok()?)),
        (id, Some("students"), Some("")) => Some(Route::Students(id.parse().ok()?)),
        _ => None,
    }
}

/// The answer to `method path` with `body`, asked of `host`.
pub fn answer(
    catalogue: &mut Catalogue,
    host: &str,
    method: Method,
    path: &str,
    body: &str,
) -> Reply {
    let not_found = || Reply::new(Status::NotFound, JSON, "{\"detail\":\"Not found.\"}".into());
    let (allow, mut reply) = match route(path) {
        None => return not_found(),
        Some(Route::List) => (
            "GET, POST, HEAD, OPTIONS",
            match method {
                Method::Get => {
                    let all: Vec<String> = catalogue
                        .courses
                        .iter()
                        .map(|c| course_json(c, host))
                        .collect();
                    Reply::new(Status::Ok, JSON, format!("[{}]", all.join(",")))
                }
                Method::Post => {
                    let title = json_string(body, "title").unwrap_or_default();
                    let id = catalogue.add(&title);
                    let created = course_json(catalogue.get(id).expect("just added"), host);
                    let mut reply = Reply::new(Status::Created, JSON, created);
                    reply
                        .headers
                        .push(format!("Location: http://{host}{}", course_path(id)));
                    reply
                }
                _ => not_found(),
            },
        ),
        Some(Route::Detail(id)) => (
            "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
            match method {
                Method::Get => catalogue.get(id).map_or_else(not_found, |course| {
                    Reply::new(Status::Ok, JSON, course_json(course, host))
                }),
                Method::Put => match catalogue.get_mut(id) {
                    Some(course) => {
                        course.title = json_string(body, "title").unwrap_or_default();
                        Reply::new(Status::Ok, JSON, course_json(course, host))
                    }
                    None => not_found(),
                },
                Method::Delete if catalogue.remove(id) => Reply {
                    status: Status::NoContent,
                    headers: Vec::new(),
                    content_type: None,
                    body: String::new(),
                },
                _ => not_found(),
            },
        ),
        Some(Route::Students(id)) => (
            "GET, HEAD, OPTIONS",
            match (method, catalogue.get(id)) {
                (Method::Get, Some(course)) => Reply::new(Status::Ok, JSON, students_json(course)),
                _ => not_found(),
            },
        ),
    };
    reply.headers.push("Vary: Accept".into());
    reply.headers.push(format!("Allow: {allow}"));
    reply
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::HOST;

    #[test]
    fn the_resources_answer_as_drf_does() {
        let mut c = Catalogue::default();
        let one = answer(&mut c, HOST, Method::Get, "/courses/1/", "");
        assert_eq!(
            one.body,
            r#"{"url":"http://api.example/courses/1/","id":1,"title":"Networks"}"#
        );
        let students = answer(&mut c, HOST, Method::Get, "/courses/1/students/", "");
        assert_eq!(
            students.body,
            r#"[{"id":1,"name":"Ana"},{"id":2,"name":"Luca"},{"id":3,"name":"Marta"}]"#
        );
        let created = answer(
            &mut c,
            HOST,
            Method::Post,
            "/courses/",
            r#"{"title":"Web APIs"}"#,
        );
        assert_eq!(created.status, Status::Created);
        assert_eq!(
            created.headers[0],
            "Location: http://api.example/courses/3/"
        );
        let put = answer(
            &mut c,
            HOST,
            Method::Put,
            "/courses/3/",
            r#"{"title":"REST"}"#,
        );
        assert_eq!(
            (put.status, c.get(3).unwrap().title.as_str()),
            (Status::Ok, "REST")
        );
        let deleted = answer(&mut c, HOST, Method::Delete, "/courses/3/", "");
        assert_eq!(
            (deleted.status, deleted.body.as_str()),
            (Status::NoContent, "")
        );
        assert_eq!(deleted.content_type, None);
        let gone = answer(&mut c, HOST, Method::Get, "/courses/3/", "");
        assert_eq!(
            (gone.status, gone.body.as_str()),
            (Status::NotFound, r#"{"detail":"Not found."}"#)
        );
        assert_eq!(
            answer(&mut c, HOST, Method::Delete, "/courses/3/", "").status,
            Status::NotFound
        );
        assert_eq!(
            answer(&mut c, HOST, Method::Get, "/teachers/", "").status,
            Status::NotFound
        );
    }
}
