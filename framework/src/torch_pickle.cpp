#include "torch_pickle.h"

#include <cstring>
#include <memory>
#include <vector>

#include <caffe2/serialize/inline_container.h>

#include "pretext/error.h"

namespace pretext {
namespace {

// The few kinds of value a pickled state dict holds.
struct Value {
  enum class Kind {
    none,
    boolean,
    integer,
    real,
    text,
    tuple,
    dict,
    global,
    storage,
    tensor,
    mark
  };
  Kind kind = Kind::none;
  int64_t integer = 0;
  double real = 0;
  std::string text;                           // text, or global "module name"
  std::vector<std::shared_ptr<Value>> items;  // tuple items; dict k, v, ...
  torch::Tensor tensor;                       // storage (flat) or tensor
};
using Ref = std::shared_ptr<Value>;

Ref make(Value::Kind kind) {
  auto value = std::make_shared<Value>();
  value->kind = kind;
  return value;
}

torch::ScalarType storage_type(const std::string& global) {
  static const std::map<std::string, torch::ScalarType> types = {
      {"torch FloatStorage", torch::kFloat32},
      {"torch DoubleStorage", torch::kFloat64},
      {"torch HalfStorage", torch::kFloat16},
      {"torch BFloat16Storage", torch::kBFloat16},
      {"torch LongStorage", torch::kInt64},
      {"torch IntStorage", torch::kInt32},
      {"torch ShortStorage", torch::kInt16},
      {"torch CharStorage", torch::kInt8},
      {"torch ByteStorage", torch::kUInt8},
      {"torch BoolStorage", torch::kBool},
  };
  auto found = types.find(global);
  if (found == types.end())
    throw std::runtime_error("unsupported storage " + global);
  return found->second;
}

std::vector<int64_t> integers(const Value& tuple) {
  std::vector<int64_t> out;
  for (const auto& item : tuple.items) out.push_back(item->integer);
  return out;
}

class Unpickler {
 public:
  Unpickler(const uint8_t* data, size_t size,
            caffe2::serialize::PyTorchStreamReader& archive)
      : data_(data), end_(data + size), archive_(archive) {}

  Ref run() {
    while (true) {
      uint8_t op = byte();
      switch (op) {
        case 0x80:
          byte();
          break;  // PROTO
        case 0x95:
          bytes(8);
          break;  // FRAME
        case '(':
          marks_.push_back(stack_.size());
          break;  // MARK
        case '.':
          return pop();  // STOP
        case 'N':
          stack_.push_back(make(Value::Kind::none));
          break;
        case 0x88:
          push_bool(true);
          break;  // NEWTRUE
        case 0x89:
          push_bool(false);
          break;  // NEWFALSE
        case 'K':
          push_int(byte());
          break;  // BININT1
        case 'M':
          push_int(little(2));
          break;  // BININT2
        case 'J':
          push_int(static_cast<int32_t>(little(4)));
          break;
        case 0x8a:
          push_long(byte());
          break;  // LONG1
        case 'G':
          push_real();
          break;  // BINFLOAT
        case 'X':
          push_text(little(4));
          break;  // BINUNICODE
        case 0x8c:
          push_text(byte());
          break;  // SHORT_BINUNICODE
        case 'c':
          push_global();
          break;  // GLOBAL
        case 'q':
          memo_[byte()] = stack_.back();
          break;  // BINPUT
        case 'r':
          memo_[little(4)] = stack_.back();
          break;  // LONG_BINPUT
        case 0x94:
          memo_[memo_.size()] = stack_.back();
          break;  // MEMOIZE
        case 'h':
          stack_.push_back(memo_.at(byte()));
          break;  // BINGET
        case 'j':
          stack_.push_back(memo_.at(little(4)));
          break;
        case ')':
          stack_.push_back(make(Value::Kind::tuple));
          break;
        case ']':
          stack_.push_back(make(Value::Kind::tuple));
          break;
        case '}':
          stack_.push_back(make(Value::Kind::dict));
          break;
        case 't':
        case 'l':
          push_tuple(since_mark());
          break;
        case 0x85:
          push_tuple(last(1));
          break;  // TUPLE1
        case 0x86:
          push_tuple(last(2));
          break;  // TUPLE2
        case 0x87:
          push_tuple(last(3));
          break;  // TUPLE3
        case 'a':
          append(last(1));
          break;  // APPEND
        case 'e':
          append(since_mark());
          break;  // APPENDS
        case 's':
          append(last(2));
          break;  // SETITEM
        case 'u':
          append(since_mark());
          break;  // SETITEMS
        case 'b':
          pop();
          break;  // BUILD: object state (_metadata), unused
        case 'R':
          reduce();
          break;
        case 'Q':
          persistent_load();
          break;  // BINPERSID
        default:
          throw std::runtime_error("unsupported pickle opcode " +
                                   std::to_string(op));
      }
    }
  }

 private:
  uint8_t byte() {
    need(1);
    return *data_++;
  }
  const uint8_t* bytes(size_t count) {
    need(count);
    const uint8_t* start = data_;
    data_ += count;
    return start;
  }
  uint64_t little(size_t count) {
    const uint8_t* start = bytes(count);
    uint64_t value = 0;
    for (size_t i = 0; i < count; ++i)
      value |= static_cast<uint64_t>(start[i]) << (8 * i);
    return value;
  }
  void need(size_t count) const {
    if (static_cast<size_t>(end_ - data_) < count)
      throw std::runtime_error("the pickle ends early");
  }
  std::string line() {
    std::string text;
    for (uint8_t c = byte(); c != '\n'; c = byte())
      text += static_cast<char>(c);
    return text;
  }

  Ref pop() {
    if (stack_.empty()) throw std::runtime_error("pickle stack underflow");
    Ref top = stack_.back();
    stack_.pop_back();
    return top;
  }
  std::vector<Ref> since_mark() {
    size_t mark = marks_.back();
    marks_.pop_back();
    std::vector<Ref> items(stack_.begin() + mark, stack_.end());
    stack_.resize(mark);
    return items;
  }
  std::vector<Ref> last(size_t count) {
    std::vector<Ref> items(stack_.end() - count, stack_.end());
    stack_.resize(stack_.size() - count);
    return items;
  }

  void push_bool(bool value) {
    Ref v = make(Value::Kind::boolean);
    v->integer = value;
    stack_.push_back(v);
  }
  void push_int(int64_t value) {
    Ref v = make(Value::Kind::integer);
    v->integer = value;
    stack_.push_back(v);
  }
  void push_long(size_t count) {
    uint64_t raw = little(count);
    if (count > 0 && count < 8 && (raw >> (8 * count - 1)) & 1)
      raw |= ~uint64_t{0} << (8 * count);  // sign-extend
    push_int(static_cast<int64_t>(raw));
  }
  void push_real() {
    const uint8_t* b = bytes(8);
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = (bits << 8) | b[i];  // big-endian
    Ref v = make(Value::Kind::real);
    std::memcpy(&v->real, &bits, 8);
    stack_.push_back(v);
  }
  void push_text(size_t count) {
    Ref v = make(Value::Kind::text);
    const uint8_t* start = bytes(count);
    v->text.assign(reinterpret_cast<const char*>(start), count);
    stack_.push_back(v);
  }
  void push_global() {
    Ref v = make(Value::Kind::global);
    std::string module = line();
    v->text = module + " " + line();
    stack_.push_back(v);
  }
  void push_tuple(std::vector<Ref> items) {
    Ref v = make(Value::Kind::tuple);
    v->items = std::move(items);
    stack_.push_back(v);
  }
  void append(std::vector<Ref> items) {
    Ref& target = stack_.back();
    target->items.insert(target->items.end(), items.begin(), items.end());
  }

  // Calls the few functions a state dict needs.
  void reduce() {
    Ref args = pop();
    Ref function = pop();
    const std::string& name = function->text;
    if (name == "collections OrderedDict") {
      stack_.push_back(make(Value::Kind::dict));
    } else if (name == "torch._utils _rebuild_tensor_v2") {
      const auto& a = args->items;
      Ref tensor = make(Value::Kind::tensor);
      tensor->tensor = a.at(0)
                           ->tensor
                           .as_strided(integers(*a.at(2)), integers(*a.at(3)),
                                       a.at(1)->integer)
                           .clone();
      stack_.push_back(tensor);
    } else if (name == "torch._utils _rebuild_parameter" ||
               name == "torch.jit._pickle restore_type_tag") {
      // A parameter is its data; a type tag (LibTorch's) wraps a value.
      stack_.push_back(args->items.at(0));
    } else {
      throw std::runtime_error("unsupported object " + name);
    }
  }

  // ('storage', torch.FloatStorage, key, location, numel) -> flat tensor.
  void persistent_load() {
    Ref id = pop();
    const auto& fields = id->items;
    if (fields.size() < 5 || fields[0]->text != "storage")
      throw std::runtime_error("unsupported persistent id");
    torch::ScalarType type = storage_type(fields[1]->text);
    const std::string& key = fields[2]->text;
    int64_t count = fields[4]->integer;

    auto record = archive_.getRecord("data/" + key);
    auto& bytes = std::get<0>(record);
    Ref storage = make(Value::Kind::storage);
    storage->tensor =
        torch::from_blob(bytes.get(), {count}, torch::TensorOptions(type))
            .clone();
    stack_.push_back(storage);
  }

  const uint8_t* data_;
  const uint8_t* end_;
  caffe2::serialize::PyTorchStreamReader& archive_;
  std::vector<Ref> stack_;
  std::vector<size_t> marks_;
  std::map<uint64_t, Ref> memo_;
};

}  // namespace

std::map<std::string, torch::Tensor> read_torch_save(
    const std::filesystem::path& file) {
  std::map<std::string, torch::Tensor> tensors;
  try {
    caffe2::serialize::PyTorchStreamReader archive(file.string());
    auto record = archive.getRecord("data.pkl");
    auto& bytes = std::get<0>(record);
    Unpickler unpickler(static_cast<const uint8_t*>(bytes.get()),
                        std::get<1>(record), archive);
    Ref root = unpickler.run();
    if (root->kind != Value::Kind::dict)
      throw std::runtime_error("the file holds no dict");
    for (size_t i = 0; i + 1 < root->items.size(); i += 2) {
      const Value& key = *root->items[i];
      const Value& value = *root->items[i + 1];
      if (key.kind != Value::Kind::text || value.kind != Value::Kind::tensor)
        throw std::runtime_error("the dict holds more than named tensors");
      tensors[key.text] = value.tensor;
    }
  } catch (const c10::Error& e) {
    throw InputError(file.string() +
                     ": not a file saved by torch.save or pretext (" +
                     e.what_without_backtrace() + ")");
  } catch (const std::exception& e) {
    throw InputError(file.string() +
                     ": cannot read it as a state dict: " + e.what());
  }
  return tensors;
}

}  // namespace pretext
