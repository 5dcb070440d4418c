// The evaluator: walks the tree, resolves attribute references through the Context, applies the operators'
// rules (expression.hpp lists the ones Okta does not document) and calls the function table.
#include <oktasim/expr/evaluator.hpp>
#include <oktasim/expr/lexer.hpp>

#include <limits>
#include <string>

namespace oktasim::expr {

namespace {

class Evaluator {
public:
    Evaluator(std::string_view text, const Context& context, const FunctionTable& functions)
        : text_(text), context_(context), functions_(functions) {}

    result<Value> eval(const Node& node) {
        return std::visit([&](const auto& kind) { return eval_kind(node, kind); }, node.kind);
    }

private:
    Error fail(const Node& node, errc code, std::string detail) const {
        return Error{code, column_of(text_, node.offset), std::move(detail), std::string(text_)};
    }

    result<Value> eval_kind(const Node&, const Literal& literal) { return literal.value; }

    result<Value> eval_kind(const Node&, const ArrayLiteral& array) {
        Value::Array items;
        for (const auto& item : array.items) {
            auto value = eval(*item);
            if (!value) return value;
            items.push_back(std::move(*value));
        }
        return Value::array(std::move(items));
    }

    result<Value> eval_kind(const Node& node, const Attribute& attribute) {
        auto profile = object(node, attribute);
        if (!profile) return profile.error();
        const std::string shown = (attribute.object.empty() ? "" : attribute.object + ".") + attribute.name;
        if (profile->defined && !profile->defined->contains(attribute.name))
            return fail(node, errc::unknown_attribute,
                        shown + ": no attribute '" + attribute.name + "' in the " + describe_object(attribute.object) +
                            " schema");
        if (profile->values == nullptr) return Value::null();
        const auto* json = profile->values->if_contains(attribute.name);
        if (json == nullptr) return Value::null();  // defined but never populated (okta-mappings.md §4)
        if (auto value = from_json(*json)) return *value;
        return fail(node, errc::unsupported, shown + " holds a JSON object, which expressions cannot use");
    }

    // What `object.` names; a bare name reads the source object.
    result<Profile> object(const Node& node, const Attribute& attribute) {
        const std::string& name = attribute.object;
        const bool to_app = context_.direction == Direction::to_app;
        std::optional<Profile> found;
        std::string missing;
        if (name == "user") {
            found = context_.okta_user;
            missing = "no Okta user profile in this context (user. is for To App mappings)";
        } else if (name.empty() || name == "source") {
            found = to_app ? context_.okta_user : context_.app_user;
            missing = to_app ? "no Okta user profile in this context (the source of a To App mapping)"
                             : "no app user profile in this context (the source of a To Okta mapping)";
        } else if (name == "appuser" || name == "appUser") {
            found = context_.app_user;
            missing = "no app user profile in this context (" + name + ". is for To Okta mappings)";
        } else if (name == "app" || name == "org" || name == "instance") {
            found = name == "app" ? context_.app : name == "org" ? context_.org : context_.instance;
            missing = "no " + name + " settings in this context";
        } else {
            if (context_.app_user_of) found = context_.app_user_of(name);
            if (!found && name.size() > 4 && name.ends_with("_app") && context_.app_settings_of)
                found = context_.app_settings_of(std::string_view(name).substr(0, name.size() - 4));
            missing =
                "'" + name + "' is neither an object (user, source, appuser, app, org) nor an app in this context";
        }
        if (!found)
            return fail(node, errc::unknown_attribute,
                        (name.empty() ? attribute.name : name + "." + attribute.name) + ": " + missing);
        return *found;
    }

    static std::string describe_object(const std::string& object) {
        if (object.empty() || object == "source") return "source";
        return object;
    }

    result<Value> eval_kind(const Node& node, const Call& call) {
        const FunctionSpec* spec = functions_.find(call.function);
        if (spec == nullptr)
            return fail(
                node, errc::unknown_function,
                "unknown function '" + call.function +
                    "' (oktasim evaluates the String, Arrays and Convert "
                    "functions; Time, Iso3166Convert, group, manager and directory functions are not in its subset)");
        const std::size_t count = call.args.size();
        if (count < spec->min_args || count > spec->max_args)
            return fail(node, errc::argument_count,
                        call.function + " " + takes(*spec) + ", got " + std::to_string(count));
        std::vector<Value> values;
        values.reserve(count);
        for (const auto& arg : call.args) {
            auto value = eval(*arg);
            if (!value) return value;
            values.push_back(std::move(*value));
        }
        auto outcome = spec->impl(CallArgs{call.function, values, context_});
        if (!outcome) return fail(node, outcome.error().code, std::move(outcome.error().detail));
        return std::move(*outcome);
    }

    static std::string takes(const FunctionSpec& spec) {
        const auto plural = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
        if (spec.max_args == any_number_of_args) return "takes at least " + plural(spec.min_args);
        if (spec.min_args == spec.max_args) return "takes " + plural(spec.min_args);
        return "takes " + std::to_string(spec.min_args) + " to " + plural(spec.max_args);
    }

    result<Value> eval_kind(const Node& node, const Index& index) {
        auto target = eval(*index.target);
        if (!target) return target;
        auto position = eval(*index.index);
        if (!position) return position;
        if (target->is_null()) return Value::null();
        const auto* items = target->if_array();
        if (items == nullptr)
            return fail(node, errc::argument_type,
                        "[...] needs an array, got " + std::string(describe(target->kind())));
        const auto* n = position->if_integer();
        if (n == nullptr)
            return fail(node, errc::bad_index,
                        "an index must be an integer, got " + std::string(describe(position->kind())));
        if (*n < 0 || static_cast<std::size_t>(*n) >= items->size())
            return fail(
                node, errc::bad_index,
                "index " + std::to_string(*n) + " is outside the array (size " + std::to_string(items->size()) + ")");
        return (*items)[static_cast<std::size_t>(*n)];
    }

    result<Value> eval_kind(const Node& node, const Member& member) {
        return fail(node, errc::unsupported,
                    "'." + member.name + (member.call ? "(...)'" : "'") +
                        " on a value: oktasim evaluates no methods or properties of values (use the String.* and "
                        "Arrays.* functions)");
    }

    result<Value> eval_kind(const Node& node, const Unary& unary) {
        auto operand = eval(*unary.operand);
        if (!operand) return operand;
        if (unary.op == UnaryOp::logical_not) {
            const auto* b = operand->if_boolean();
            if (b == nullptr)
                return fail(node, errc::argument_type,
                            "'!' needs a boolean, got " + std::string(describe(operand->kind())));
            return Value::boolean(!*b);
        }
        if (const auto* i = operand->if_integer()) {
            if (*i == std::numeric_limits<std::int64_t>::min()) return Value::number(-static_cast<double>(*i));
            return Value::integer(-*i);
        }
        if (const auto* d = operand->if_number()) return Value::number(-*d);
        return fail(node, errc::argument_type, "'-' needs a number, got " + std::string(describe(operand->kind())));
    }

    result<Value> eval_kind(const Node& node, const Binary& binary) {
        if (binary.op == BinaryOp::logical_and || binary.op == BinaryOp::logical_or) return logical(node, binary);
        auto left = eval(*binary.left);
        if (!left) return left;
        auto right = eval(*binary.right);
        if (!right) return right;
        switch (binary.op) {
        case BinaryOp::plus: return plus(node, *left, *right);
        case BinaryOp::equal: return Value::boolean(*left == *right);
        case BinaryOp::not_equal: return Value::boolean(!(*left == *right));
        default: return compare(node, binary.op, *left, *right);
        }
    }

    // AND / OR evaluate the right side only when it decides the result, as SpEL does.
    result<Value> logical(const Node& node, const Binary& binary) {
        const bool is_and = binary.op == BinaryOp::logical_and;
        const char* name = is_and ? "AND" : "OR";
        auto left = eval(*binary.left);
        if (!left) return left;
        const auto* l = left->if_boolean();
        if (l == nullptr)
            return fail(
                node, errc::argument_type,
                std::string(name) + " needs booleans, got " + std::string(describe(left->kind())) + " on its left");
        if (is_and ? !*l : *l) return Value::boolean(*l);
        auto right = eval(*binary.right);
        if (!right) return right;
        const auto* r = right->if_boolean();
        if (r == nullptr)
            return fail(
                node, errc::argument_type,
                std::string(name) + " needs booleans, got " + std::string(describe(right->kind())) + " on its right");
        return Value::boolean(*r);
    }

    // Numbers add (integers stay integers until they would overflow); otherwise a string on either side
    // concatenates; null on either side gives null (see expression.hpp).
    result<Value> plus(const Node& node, const Value& left, const Value& right) {
        if (left.is_null() || right.is_null()) return Value::null();
        if (left.is_numeric() && right.is_numeric()) {
            std::int64_t sum = 0;
            if (left.if_integer() && right.if_integer() &&
                !__builtin_add_overflow(*left.if_integer(), *right.if_integer(), &sum))
                return Value::integer(sum);
            const double d = left.as_double() + right.as_double();
            if (!number_text(d))
                return fail(node, errc::argument_type, "'+' overflows: the sum is not a finite number");
            return Value::number(d);
        }
        if (left.if_string() || right.if_string()) {
            auto l = concat_text(left);
            auto r = concat_text(right);
            if (l && r) return Value::string(*l + *r);
        }
        return fail(node, errc::argument_type,
                    "'+' needs two numbers or a string, got " + std::string(describe(left.kind())) + " and " +
                        std::string(describe(right.kind())));
    }

    // <, >, <=, >=: numbers by value, strings by their bytes (code point order); null is below every value, as
    // in SpEL's comparator.
    result<Value> compare(const Node& node, BinaryOp op, const Value& left, const Value& right) {
        // -1, 0 or 1 for a before, equal to or after b.
        const auto three_way = [](const auto& a, const auto& b) { return a < b ? -1 : b < a ? 1 : 0; };
        int order = 0;
        if (left.is_null() || right.is_null()) {
            order = three_way(!left.is_null(), !right.is_null());
        } else if (left.if_integer() && right.if_integer()) {
            order = three_way(*left.if_integer(), *right.if_integer());
        } else if (left.is_numeric() && right.is_numeric()) {
            order = three_way(left.as_double(), right.as_double());
        } else if (left.if_string() && right.if_string()) {
            order = three_way(*left.if_string(), *right.if_string());
        } else {
            return fail(node, errc::argument_type,
                        "cannot order " + std::string(describe(left.kind())) + " and " +
                            std::string(describe(right.kind())) + " (comparisons take two numbers or two strings)");
        }
        switch (op) {
        case BinaryOp::less: return Value::boolean(order < 0);
        case BinaryOp::greater: return Value::boolean(order > 0);
        case BinaryOp::less_equal: return Value::boolean(order <= 0);
        default: return Value::boolean(order >= 0);
        }
    }

    result<Value> eval_kind(const Node& node, const Conditional& conditional) {
        auto condition = eval(*conditional.condition);
        if (!condition) return condition;
        const auto* b = condition->if_boolean();
        if (b == nullptr)
            return fail(node, errc::argument_type,
                        "the condition before '?' must be a boolean, got " + std::string(describe(condition->kind())));
        return eval(*b ? *conditional.when_true : *conditional.when_false);
    }

    // Elvis substitutes on null or the empty string (okta-mappings.md §2, §4).
    result<Value> eval_kind(const Node&, const Elvis& elvis) {
        auto value = eval(*elvis.value);
        if (!value) return value;
        const auto* s = value->if_string();
        if (value->is_null() || (s != nullptr && s->empty())) return eval(*elvis.fallback);
        return value;
    }

    std::string_view text_;
    const Context& context_;
    const FunctionTable& functions_;
};

}  // namespace

result<Value> evaluate(const Node& root, std::string_view text, const Context& context,
                       const FunctionTable& functions) {
    return Evaluator(text, context, functions).eval(root);
}

}  // namespace oktasim::expr
