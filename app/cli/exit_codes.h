// tunedesk-cli's exit codes, the same for every command.
#pragma once

namespace tunedesk::cli {
inline constexpr int kExitOk = 0;           // success
inline constexpr int kExitCheckFailed = 1;  // the command ran and found errors
inline constexpr int kExitUsage = 2;        // bad usage, or input that cannot be read at all
}  // namespace tunedesk::cli
