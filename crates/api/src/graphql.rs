//! GraphQL as graphene-django's `GraphQLView` serves it at one endpoint,
//! `/graphql`, following GraphQL over HTTP (graphql.org, "Serving over
//! HTTP"): a POST with `Content-Type: application/json` and a body
//! `{"query":"..."}`; the answer `200` with `application/json` and
//! `{"data":{...}}` holding exactly the fields the query named, in its
//! order (GraphQL spec, §6 "Execution", §7.1 "Response Format"). A course
//! that does not exist is `null` in `data`, still `200`: GraphQL's errors
//! are in the body, not the status. A query naming a field the schema has
//! not fails validation: `400` with `{"errors":[...]}` (graphene-django).
//!
//! The schema, in GraphQL's own words:
//!
//! ```graphql
//! type Query { course(id: ID!): Course  courses: [Course!]! }
//! type Mutation { createCourse(title: String!): CreateCourse }
//! type CreateCourse { course: Course }
//! type Course { id: ID!  title: String!  students: [Student!]! }
//! type Student { id: ID!  name: String! }
//! ```
//!
//! The parser reads the part of GraphQL's grammar such documents use: an
//! optional `query` or `mutation`, then selection sets of fields with
//! arguments (integers or strings).

use crate::catalogue::{Catalogue, Course, Reply};
use cslab_sim::proto::http::Status;

pub const ENDPOINT: &str = "/graphql";
pub const JSON: &str = "application/json";

/// An argument's value.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Int(u32),
    Str(String),
}

/// A field asked for: its name, its arguments, and the fields asked of it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Field {
    name: String,
    args: Vec<(String, Value)>,
    selection: Vec<Field>,
}

impl Field {
    fn arg(&self, name: &str) -> Option<&Value> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn skip(&mut self) {
        // Commas are insignificant in GraphQL, like white space.
        while self
            .text
            .get(self.at)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b',')
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip();
        let found = self.text.get(self.at) == Some(&byte);
        self.at += usize::from(found);
        found
    }

    fn name(&mut self) -> Option<String> {
        self.skip();
        let start = self.at;
        while self
            .text
            .get(self.at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            self.at += 1;
        }
        (self.at > start).then(|| String::from_utf8_lossy(&self.text[start..self.at]).into())
    }

    fn value(&mut self) -> Option<Value> {
        if self.eat(b'"') {
            let start = self.at;
            while self.text.get(self.at).is_some_and(|b| *b != b'"') {
                self.at += 1;
            }
            let text = String::from_utf8_lossy(&self.text[start..self.at]).into();
            self.at += 1;
            return Some(Value::Str(text));
        }
        self.name()?.parse().ok().map(Value::Int)
    }

    fn selection(&mut self) -> Option<Vec<Field>> {
        if !self.eat(b'{') {
            return None;
        }
        let mut fields = Vec::new();
        while !self.eat(b'}') {
            let name = self.name()?;
            let mut args = Vec::new();
            if self.eat(b'(') {
                while !self.eat(b')') {
                    let arg = self.name()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    args.push((arg, self.value()?));
                }
            }
            self.skip();
            let selection = if self.text.get(self.at) == Some(&b'{') {
                self.selection()?
            } else {
                Vec::new()
            };
            fields.push(Field {
                name,
                args,
                selection,
            });
        }
        Some(fields)
    }
}

/// A document: whether it is a mutation, and its top selection set.
fn parse(query: &str) -> Option<(bool, Vec<Field>)> {
    let mut parser = Parser {
        text: query.as_bytes(),
        at: 0,
    };
    parser.skip();
    let mutation = query[parser.at..].starts_with("mutation");
    if mutation || query[parser.at..].starts_with("query") {
        parser.name();
    }
    Some((mutation, parser.selection()?))
}

/// The `query` member of a request's JSON body, its escapes (`\"`) undone.
pub fn query_of(body: &str) -> Option<String> {
    let rest = body.split("\"query\":\"").nth(1)?;
    let mut query = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => query.push(chars.next()?),
            '"' => return Some(query),
            _ => query.push(c),
        }
    }
    None
}

/// A request's JSON body for `query`.
pub fn request_body(query: &str) -> String {
    format!("{{\"query\":\"{}\"}}", query.replace('"', "\\\""))
}

/// A field the schema does not have, and the type it was asked of.
type Unknown = (String, &'static str);

/// An object of type `on` with the `fields` asked, each resolved by
/// `resolve` (`None`: the type has no such field).
fn object(
    fields: &[Field],
    on: &'static str,
    resolve: &dyn Fn(&Field) -> Option<Result<String, Unknown>>,
) -> Result<String, Unknown> {
    let mut members = Vec::new();
    for field in fields {
        let value = resolve(field).ok_or_else(|| (field.name.clone(), on))??;
        members.push(format!("\"{}\":{value}", field.name));
    }
    Ok(format!("{{{}}}", members.join(",")))
}

fn course(course: Option<&Course>, fields: &[Field]) -> Result<String, Unknown> {
    let Some(course) = course else {
        return Ok("null".into());
    };
    object(fields, "Course", &|field| match field.name.as_str() {
        // `ID` is serialised as a string (GraphQL spec §3.5.5).
        "id" => Some(Ok(format!("\"{}\"", course.id))),
        "title" => Some(Ok(format!("\"{}\"", course.title))),
        "students" => Some(
            course
                .students
                .iter()
                .map(|(id, name)| {
                    object(&field.selection, "Student", &|f| match f.name.as_str() {
                        "id" => Some(Ok(format!("\"{id}\""))),
                        "name" => Some(Ok(format!("\"{name}\""))),
                        _ => None,
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|list| format!("[{}]", list.join(","))),
        ),
        _ => None,
    })
}

/// The answer to a POST to the endpoint with `body`.
pub fn answer(catalogue: &mut Catalogue, body: &str) -> Reply {
    let Some((mutation, fields)) = query_of(body).as_deref().and_then(parse) else {
        let error = "{\"errors\":[{\"message\":\"Syntax Error\"}]}";
        return Reply::new(Status::BadRequest, JSON, error.into());
    };
    let id = |field: &Field| match field.arg("id") {
        Some(Value::Int(id)) => Some(*id),
        Some(Value::Str(id)) => id.parse().ok(),
        None => None,
    };
    let mut data = Vec::new();
    for field in &fields {
        let value = match (mutation, field.name.as_str()) {
            (false, "course") => {
                course(id(field).and_then(|id| catalogue.get(id)), &field.selection)
            }
            (false, "courses") => catalogue
                .courses
                .iter()
                .map(|c| course(Some(c), &field.selection))
                .collect::<Result<Vec<_>, _>>()
                .map(|list| format!("[{}]", list.join(","))),
            (true, "createCourse") => {
                let title = match field.arg("title") {
                    Some(Value::Str(title)) => title.clone(),
                    _ => String::new(),
                };
                let id = catalogue.add(&title);
                let created = catalogue.get(id);
                object(&field.selection, "CreateCourse", &|f| {
                    (f.name == "course").then(|| course(created, &f.selection))
                })
            }
            _ => Err((
                field.name.clone(),
                if mutation { "Mutation" } else { "Query" },
            )),
        };
        match value {
            Ok(value) => data.push(format!("\"{}\":{value}", field.name)),
            Err((name, on)) => {
                let error = format!(
                    "{{\"errors\":[{{\"message\":\"Cannot query field '{name}' on type '{on}'.\"}}]}}"
                );
                return Reply::new(Status::BadRequest, JSON, error);
            }
        }
    }
    Reply::new(
        Status::Ok,
        JSON,
        format!("{{\"data\":{{{}}}}}", data.join(",")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_holds_the_fields_asked_for_and_no_more() {
        let mut c = Catalogue::default();
        let asked = answer(
            &mut c,
            &request_body("{course(id:1){title students{name}}}"),
        );
        assert_eq!(asked.status, Status::Ok);
        assert_eq!(
            asked.body,
            r#"{"data":{"course":{"title":"Networks","students":[{"name":"Ana"},{"name":"Luca"},{"name":"Marta"}]}}}"#
        );
        let query = "mutation{createCourse(title:\"Web APIs\"){course{id title}}}";
        assert_eq!(
            request_body(query),
            r#"{"query":"mutation{createCourse(title:\"Web APIs\"){course{id title}}}"}"#
        );
        assert_eq!(query_of(&request_body(query)).as_deref(), Some(query));
        let created = answer(&mut c, &request_body(query));
        assert_eq!(
            created.body,
            r#"{"data":{"createCourse":{"course":{"id":"3","title":"Web APIs"}}}}"#
        );
        let missing = answer(&mut c, &request_body("query { course(id: 9) { title } }"));
        assert_eq!(
            (missing.status, missing.body.as_str()),
            (Status::Ok, r#"{"data":{"course":null}}"#)
        );
        let wrong = answer(&mut c, &request_body("{course(id:1){teacher}}"));
        assert_eq!(wrong.status, Status::BadRequest);
        assert_eq!(
            wrong.body,
            r#"{"errors":[{"message":"Cannot query field 'teacher' on type 'Course'."}]}"#
        );
        assert_eq!(
            answer(&mut c, "{\"query\":\"{course(\"}").status,
            Status::BadRequest
        );
    }
}
