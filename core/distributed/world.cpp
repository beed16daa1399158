#include "distributed/world.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace tunedesk::distributed {
namespace {

std::optional<std::string> variable(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

long long integer(const char* name, const std::string& text, long long low, long long high) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    throw WorldError(std::string(name) + "=" + text + " is not a whole number");
  if (value < low || value > high)
    throw WorldError(std::string(name) + "=" + text + " must be between " + std::to_string(low) + " and " +
                     std::to_string(high));
  return value;
}

}  // namespace

std::string World::describe() const {
  return "process " + std::to_string(rank) + " of " + std::to_string(size) + " (" + master_addr + ":" +
         std::to_string(master_port) + ")";
}

std::optional<World> world_from_environment() {
  const auto size_text = variable("WORLD_SIZE");
  if (!size_text) return std::nullopt;
  World w;
  w.size = static_cast<int>(integer("WORLD_SIZE", *size_text, 1, 1 << 20));
  const auto rank_text = variable("RANK");
  if (!rank_text) throw WorldError("WORLD_SIZE is set but RANK is not: every process needs its RANK (0 .. WORLD_SIZE-1)");
  w.rank = static_cast<int>(integer("RANK", *rank_text, 0, w.size - 1));
  if (auto v = variable("LOCAL_RANK")) w.local_rank = static_cast<int>(integer("LOCAL_RANK", *v, 0, w.size - 1));
  else w.local_rank = w.rank;
  if (auto v = variable("LOCAL_WORLD_SIZE")) w.local_size = static_cast<int>(integer("LOCAL_WORLD_SIZE", *v, 1, w.size));
  else w.local_size = w.size;
  if (w.local_rank >= w.local_size)
    throw WorldError("LOCAL_RANK=" + std::to_string(w.local_rank) + " must be below LOCAL_WORLD_SIZE=" + std::to_string(w.local_size));
  if (w.size > 1) {
    const auto addr = variable("MASTER_ADDR");
    const auto port = variable("MASTER_PORT");
    if (!addr || !port)
      throw WorldError("WORLD_SIZE=" + *size_text + " needs MASTER_ADDR and MASTER_PORT: where process 0 listens");
    w.master_addr = *addr;
    w.master_port = static_cast<uint16_t>(integer("MASTER_PORT", *port, 1, 65535));
  }
  if (auto v = variable("TUNEDESK_DIST_TIMEOUT_S"))
    w.timeout = std::chrono::seconds(integer("TUNEDESK_DIST_TIMEOUT_S", *v, 1, 7 * 24 * 3600));
  return w;
}

uint16_t free_local_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw WorldError(std::string("cannot open a socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) throw WorldError(std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(error));
  return ntohs(addr.sin_port);
}

}  // namespace tunedesk::distributed
