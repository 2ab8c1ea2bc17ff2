// The "bare Beast" peer: a WebSocket pair relay written directly on Boost.Beast, the engine
// Lingting stands on, with no product logic. Sockets connecting to /pair/ID/a and /pair/ID/b
// are paired; both get {"type":"paired"}; then every text frame from one side is forwarded
// as it is to the other. Written the way Beast's own chat example is (one write in flight per
// socket, a queue behind it: pair_server.hpp), on one thread, since the benchmark pins it to one core.
//
//   beast_relay PORT
#include "pair_server.hpp"

#include <string>

namespace {

class relay_session : public peers::pair_session {
public:
    using pair_session::pair_session;

private:
    void on_frame(std::string_view frame) override {
        if (auto p = partner()) p->send(std::make_shared<const std::string>(frame));
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: beast_relay PORT\n";
        return 2;
    }
    peers::serve_pairs("beast_relay", static_cast<unsigned short>(std::stoi(argv[1])),
                       [](peers::tcp::socket s) { return std::make_shared<relay_session>(std::move(s)); });
}
