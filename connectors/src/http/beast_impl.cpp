// The one translation unit that compiles Beast's and Asio SSL's implementations (separate compilation);
// Asio's own implementation lives in engine/src/asio_impl.cpp.
#include <boost/asio/error.hpp>  // before Beast's test stream in 1.81 (README gotcha 6)

#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
