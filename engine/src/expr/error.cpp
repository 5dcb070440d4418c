// The "oktasim.expr" error category and how an Error reads as one line.
#include <oktasim/expr/error.hpp>

#include <stdexcept>

namespace oktasim::expr {

namespace {

class ExprCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "oktasim.expr"; }
    std::string message(int code) const override {
        switch (static_cast<errc>(code)) {
        case errc::syntax: return "syntax error";
        case errc::unsupported: return "not supported by oktasim";
        case errc::unknown_function: return "unknown function";
        case errc::argument_count: return "wrong number of arguments";
        case errc::argument_type: return "wrong type";
        case errc::bad_index: return "bad index";
        case errc::unknown_attribute: return "unknown attribute";
        case errc::not_a_number: return "not a number";
        }
        return "expression error";
    }
};

}  // namespace

const boost::system::error_category& expr_category() noexcept {
    static const ExprCategory category;  // immutable: the one kind of static this library keeps
    return category;
}

boost::system::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), expr_category()}; }

std::string Error::message() const {
    std::string text = code == errc::syntax ? "syntax error in '" : "cannot evaluate '";
    text += expression;
    text += "': ";
    if (column > 0) text += "column " + std::to_string(column) + ": ";
    return text + detail;
}

void throw_exception_from_error(const Error& e, const boost::source_location&) {
    throw std::runtime_error(e.message());
}

}  // namespace oktasim::expr
