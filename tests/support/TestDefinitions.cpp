#include "TestDefinitions.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td::test {

QJsonObject oneItemQuestionnaire(const QString &key, const QString &itemKey, const QString &itemType)
{
    const QJsonObject item{{u"key"_s, itemKey},
                           {u"type"_s, itemType},
                           {u"label"_s, QJsonObject{{u"en"_s, itemKey}, {u"zh_CN"_s, QString(u"题目 "_s + itemKey)}}}};
    return {{u"key"_s, key},
            {u"title"_s, QJsonObject{{u"en"_s, key}, {u"zh_CN"_s, QString(u"问卷 "_s + key)}}},
            {u"items"_s, QJsonArray{item}}};
}

} // namespace td::test
