//! The course's own project: a school's site whose data lives in a
//! database. The courses and their students are the API lesson's
//! ([`Catalogue`]); here they are stored as a database would store them:
//! three tables (courses, students, and enrolments joining the two) in
//! SQL, or one document per course with its students inside in MongoDB.

use crate::bson::{Bson, doc, string};
use cslab_api::catalogue::Catalogue;

/// The page's question in SQL: each course with its students, a row per
/// enrolment. An inner JOIN: a course nobody has enrolled in has no row.
pub const SQL: &str = "SELECT c.title, s.name FROM courses c \
JOIN enrolments e ON e.course_id = c.id \
JOIN students s ON s.id = e.student_id ORDER BY c.id, s.name";

/// The columns [`SQL`] returns: (name, table's OID, column's number),
/// as PostgreSQL's RowDescription names them.
pub const COLUMNS: [(&str, &str); 2] = [("title", "courses"), ("name", "students")];

/// The same question to MongoDB: the `courses` collection, the documents
/// with at least one student (as the JOIN keeps only enrolled courses).
pub const COLLECTION: &str = "courses";
pub const FILTER: &str = "students.0";

/// The courses with their students, in the order the JOIN sorts them.
pub fn courses() -> Vec<(String, Vec<String>)> {
    (Catalogue::default().courses.into_iter())
        .filter(|course| !course.students.is_empty())
        .map(|course| {
            let mut names: Vec<String> = course.students.into_iter().map(|(_, n)| n).collect();
            names.sort();
            (course.title, names)
        })
        .collect()
}

/// The rows the JOIN returns: (course's title, student's name).
pub fn rows() -> Vec<[String; 2]> {
    courses()
        .into_iter()
        .flat_map(|(title, names)| names.into_iter().map(move |name| [title.clone(), name]))
        .collect()
}

/// The documents `find` returns: a course with its students embedded.
pub fn documents() -> Vec<Bson> {
    (Catalogue::default().courses.into_iter())
        .filter(|course| !course.students.is_empty())
        .map(|course| {
            let students = (course.students.iter())
                .map(|(_, name)| doc(&[("name", string(name))]))
                .collect();
            doc(&[
                ("_id", Bson::Int(course.id as i32)),
                ("title", string(&course.title)),
                ("students", Bson::Array(students)),
            ])
        })
        .collect()
}

/// The page `/` renders from the courses (Jinja's output for a list).
pub fn page_html() -> String {
    let items: String = (courses().iter())
        .map(|(title, names)| format!("<li>{title}: {}</li>", names.join(", ")))
        .collect();
    format!(
        "<!doctype html><title>Courses</title><img src=\"/static/logo.png\" alt=\"\">\
<h1>Courses</h1><ul>{items}</ul><script src=\"/static/app.js\"></script>"
    )
}

/// `/api/courses` as Flask's `jsonify` writes it (compact, keys sorted).
pub fn courses_json() -> String {
    let items: Vec<String> = (courses().iter())
        .map(|(title, names)| {
            let names: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
            format!(
                "{{\"students\":[{}],\"title\":\"{title}\"}}",
                names.join(",")
            )
        })
        .collect();
    format!("[{}]\n", items.join(","))
}

/// The logo's bytes (a small PNG sent by Flask's static view, from disk:
/// no database).
pub const LOGO_BYTES: u32 = 4_096;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_join_and_the_documents_hold_the_same_courses() {
        assert_eq!(
            rows(),
            [
                ["Networks", "Ana"],
                ["Networks", "Luca"],
                ["Networks", "Marta"],
                ["Databases", "Bruno"]
            ]
            .map(|row| row.map(String::from))
        );
        let shown: Vec<String> = documents().iter().map(Bson::show).collect();
        assert_eq!(
            shown[1],
            "{ _id: 2, title: 'Databases', students: [ { name: 'Bruno' } ] }"
        );
        assert_eq!(
            courses_json(),
            "[{\"students\":[\"Ana\",\"Luca\",\"Marta\"],\"title\":\"Networks\"},\
{\"students\":[\"Bruno\"],\"title\":\"Databases\"}]\n"
        );
    }
}
