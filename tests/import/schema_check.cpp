#include "schema_check.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include <regex.h>

namespace quizroom::import_test {
namespace {

using nlohmann::json;

/// Keywords whose value is a schema, or a list or map of schemas.
const std::set<std::string> schema_valued = {"items", "if", "then", "else", "not"};
const std::set<std::string> schema_lists = {"allOf", "anyOf", "oneOf"};
const std::set<std::string> schema_maps = {"properties", "$defs"};

bool has_type(const json& v, const std::string& type) {
    if (type == "null") {
        return v.is_null();
    }
    if (type == "boolean") {
        return v.is_boolean();
    }
    if (type == "object") {
        return v.is_object();
    }
    if (type == "array") {
        return v.is_array();
    }
    if (type == "string") {
        return v.is_string();
    }
    if (type == "number") {
        return v.is_number();
    }
    if (type == "integer") {
        // JSON Schema's integer is the mathematical one: 1.0 is an integer.
        return v.is_number_integer() ||
               (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
    }
    return false;
}

std::size_t code_points(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

/// Whether `pattern` matches somewhere in `text`. POSIX extended regular
/// expressions with GNU's `\S`: all the schema's patterns need of ECMA-262
/// (std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizers).
bool matches(const std::string& pattern, const std::string& text) {
    regex_t re;
    if (regcomp(&re, pattern.c_str(), REG_EXTENDED | REG_NOSUB) != 0) {
        throw std::invalid_argument("unsupported pattern " + pattern);
    }
    const bool found = regexec(&re, text.c_str(), 0, nullptr, 0) == 0;
    regfree(&re);
    return found;
}

/// Walks a schema and refuses keywords this validator does not know.
void check_keywords(const json& schema, const std::string& where) {
    if (schema.is_boolean()) {
        return;
    }
    if (!schema.is_object()) {
        throw std::invalid_argument(where + ": a schema must be an object");
    }
    const auto& known = schema_check::supported_keywords();
    for (const auto& [key, value] : schema.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            throw std::invalid_argument(where + ": unsupported keyword `" + key + "`");
        }
        if (schema_valued.contains(key)) {
            check_keywords(value, where + "/" + key);
        } else if (schema_lists.contains(key)) {
            for (std::size_t i = 0; i < value.size(); ++i) {
                check_keywords(value[i], where + "/" + key + "/" + std::to_string(i));
            }
        } else if (schema_maps.contains(key)) {
            for (const auto& [name, sub] : value.items()) {
                check_keywords(sub, where + "/" + key + "/" + name);
            }
        }
    }
}

} // namespace

const std::vector<std::string>& schema_check::supported_keywords() {
    static const std::vector<std::string> keywords = {
        "$schema",  "$id",         "$comment",  "title",    "description", "$defs",   "$ref",
        "type",     "enum",        "const",     "required", "properties",  "items",   "minItems",
        "maxItems", "uniqueItems", "minLength", "pattern",  "minimum",     "maximum", "allOf",
        "anyOf",    "oneOf",       "not",       "if",       "then",        "else"};
    return keywords;
}

schema_check::schema_check(json schema) : schema_(std::move(schema)) {
    check_keywords(schema_, "#");
}

std::vector<std::string> schema_check::errors(const json& instance) const {
    std::vector<std::string> out;
    check(schema_, instance, "", out);
    return out;
}

const json& schema_check::resolve(const std::string& ref) const {
    const std::string prefix = "#/$defs/";
    if (!ref.starts_with(prefix) || !schema_["$defs"].contains(ref.substr(prefix.size()))) {
        throw std::invalid_argument("unsupported $ref " + ref);
    }
    return schema_["$defs"][ref.substr(prefix.size())];
}

void schema_check::check(const json& s, const json& v, const std::string& where,
                         std::vector<std::string>& out) const {
    if (s.is_boolean()) {
        if (!s.get<bool>()) {
            out.push_back(where + ": nothing is allowed here");
        }
        return;
    }
    const auto fail = [&](const std::string& why) {
        out.push_back(where + ": " + why);
    };

    if (s.contains("$ref")) {
        check(resolve(s["$ref"]), v, where, out);
    }
    if (s.contains("type")) {
        const json& t = s["type"];
        const std::vector<std::string> types =
            t.is_array() ? t.get<std::vector<std::string>>() : std::vector<std::string>{t};
        if (std::none_of(types.begin(), types.end(),
                         [&](const std::string& type) { return has_type(v, type); })) {
            fail("must be of type " + t.dump());
        }
    }
    if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end()) {
        fail("must be one of " + s["enum"].dump());
    }
    if (s.contains("const") && v != s["const"]) {
        fail("must be " + s["const"].dump());
    }
    if (v.is_object()) {
        for (const auto& name : s.value("required", json::array())) {
            if (!v.contains(name.get<std::string>())) {
                fail("`" + name.get<std::string>() + "` is required");
            }
        }
        if (s.contains("properties")) {
            for (const auto& [name, sub] : s["properties"].items()) {
                if (v.contains(name)) {
                    check(sub, v[name], where + "/" + name, out);
                }
            }
        }
    }
    if (v.is_array()) {
        if (s.contains("items")) {
            for (std::size_t i = 0; i < v.size(); ++i) {
                check(s["items"], v[i], where + "/" + std::to_string(i), out);
            }
        }
        if (s.contains("minItems") && v.size() < s["minItems"].get<std::size_t>()) {
            fail("needs at least " + s["minItems"].dump() + " items");
        }
        if (s.contains("maxItems") && v.size() > s["maxItems"].get<std::size_t>()) {
            fail("allows at most " + s["maxItems"].dump() + " items");
        }
        if (s.value("uniqueItems", false)) {
            for (std::size_t i = 0; i < v.size(); ++i) {
                for (std::size_t j = i + 1; j < v.size(); ++j) {
                    if (v[i] == v[j]) {
                        fail("items must be unique");
                    }
                }
            }
        }
    }
    if (v.is_string()) {
        const auto text = v.get<std::string>();
        if (s.contains("minLength") && code_points(text) < s["minLength"].get<std::size_t>()) {
            fail("must have at least " + s["minLength"].dump() + " characters");
        }
        if (s.contains("pattern") && !matches(s["pattern"].get<std::string>(), text)) {
            fail("must match " + s["pattern"].dump());
        }
    }
    if (v.is_number()) {
        if (s.contains("minimum") && v.get<double>() < s["minimum"].get<double>()) {
            fail("must be at least " + s["minimum"].dump());
        }
        if (s.contains("maximum") && v.get<double>() > s["maximum"].get<double>()) {
            fail("must be at most " + s["maximum"].dump());
        }
    }
    for (const auto& sub : s.value("allOf", json::array())) {
        check(sub, v, where, out);
    }
    const auto passes = [&](const json& sub) {
        std::vector<std::string> ignored;
        check(sub, v, where, ignored);
        return ignored.empty();
    };
    if (s.contains("anyOf") && std::none_of(s["anyOf"].begin(), s["anyOf"].end(), passes)) {
        fail("matches none of anyOf");
    }
    if (s.contains("oneOf") && std::count_if(s["oneOf"].begin(), s["oneOf"].end(), passes) != 1) {
        fail("must match exactly one of oneOf");
    }
    if (s.contains("not") && passes(s["not"])) {
        fail("must not match `not`");
    }
    if (s.contains("if")) {
        if (passes(s["if"])) {
            if (s.contains("then")) {
                check(s["then"], v, where, out);
            }
        } else if (s.contains("else")) {
            check(s["else"], v, where, out);
        }
    }
}

} // namespace quizroom::import_test
