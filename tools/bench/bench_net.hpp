#pragma once

// Namespace aliases for the bench (precompiled: Asio and Beast are slow to parse).

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace quizroom::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

} // namespace quizroom::bench
