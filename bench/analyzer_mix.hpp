// What consultants write, as the analyzer benchmarks feed it: mostly clean, some colloquial, a
// few typos, drug names, fillers. Shared by analyzer_bench (Google Benchmark) and ime_bench (its
// summary line for the inline check), so both measure the same mix.
#pragma once

#include <string>
#include <vector>

namespace lingting::bench {

inline const std::vector<std::string>& consultant_mix() {
    static const std::vector<std::string> c = {
        "您好，请问有什么可以帮您？",
        "包皮过长是否需要手术要看具体情况，建议您来院让医生检查一下再决定。",
        "不好意思，让您久等了。",
        "白带发黄伴有异味多见于阴道炎症，需要做白带常规检查才能确定。",
        "种植牙的费用和所选种植体品牌有关，国产的大约四千元起，进口的八千元左右。",
        "嗯",
        "好的，已为您预约明天上午十点的专家号，到院报您的名字就可以。",
        "tadalafil作用时间较长，sildenafil起效较快，具体用药请遵医嘱。",
        "备孕一年未孕建议夫妻双方都做检查，女方查激素六项和输卵管，男方查精液常规。",
        "您可以先来做个检察，再预越专家。",
        "请问您还有什么疑问吗？",
        "我们周日正常上班，时间是上午八点到下午五点。",
        "慢性前列腺炎经过规范治疗，大多数患者症状可以明显改善。",
        "HPV 和 TCT 检查建议每年做一次。",
        "麻烦您留一下联系方式，医生稍后给您回电话。",
        "祝您身体健康，再见。",
    };
    return c;
}

}  // namespace lingting::bench
