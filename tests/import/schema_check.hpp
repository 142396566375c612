#pragma once

// A small JSON Schema (draft 2020-12) validator for the keywords that
// quizzes/deck.schema.json uses, so that the schema can be checked against
// the deck loader without a schema library. It refuses a schema that uses
// any other keyword, rather than ignoring it.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace quizroom::import_test {

class schema_check {
public:
    /// Throws std::invalid_argument naming an unsupported keyword.
    explicit schema_check(nlohmann::json schema);

    /// Why `instance` does not match ("/questions/0/answer: ..."); empty when it does.
    std::vector<std::string> errors(const nlohmann::json& instance) const;
    bool valid(const nlohmann::json& instance) const { return errors(instance).empty(); }

    /// Every keyword this validator knows.
    static const std::vector<std::string>& supported_keywords();

private:
    void check(const nlohmann::json& schema, const nlohmann::json& instance,
               const std::string& where, std::vector<std::string>& out) const;
    const nlohmann::json& resolve(const std::string& ref) const;

    nlohmann::json schema_;
};

} // namespace quizroom::import_test
