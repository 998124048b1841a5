import rule from '../../rules/iam-resource-outside-prefix.js';
import { clean, cfnManagedPolicy, flaggedAt, jsonPolicy } from '../iam/cases.js';
import { testRule } from '../helpers/rule-tester.js';

const send = (resource: string): string =>
  jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: resource });

const GETATT = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  Billing:',
  '    Type: AWS::SQS::Queue',
  '    Properties:',
  '      QueueName: billing-events',
  '  WorkerPolicy:',
  '    Type: AWS::IAM::ManagedPolicy',
  '    Properties:',
  '      PolicyDocument:',
  '        Statement:',
  '          - Effect: Allow',
  '            Action: sqs:SendMessage',
  '            Resource: !GetAtt Billing.Arn',
  '',
].join('\n');

const ALLOWED_VALUES = cfnManagedPolicy(
  [
    '- Effect: Allow',
    '  Action: sqs:SendMessage',
    '  Resource: !Sub arn:aws:sqs:*:*:${Env}-orders',
  ],
  ['Parameters:', '  Env:', '    Type: String', '    AllowedValues: [wipsie-dev, legacy]'],
);

testRule(rule, {
  valid: [
    clean('a named queue', send('arn:aws:sqs:us-east-1:123456789012:wipsie-orders'), 'p.json'),
    clean(
      'a policy variable after the prefix',
      send('arn:aws:sqs:*:*:wipsie-${aws:username}'),
      'p.json',
    ),
    clean(
      'AllowedValues all inside',
      ALLOWED_VALUES.replace('legacy', 'wipsie-prod'),
      'stack.yaml',
    ),
  ],
  invalid: [
    flaggedAt(
      'a missing hyphen',
      send('arn:aws:sqs:*:*:wipsie*'),
      'p.json',
      '"arn:aws:sqs:*:*:wipsie*"',
    ),
    flaggedAt(
      'case matters',
      send('arn:aws:sqs:*:*:Wipsie-*'),
      'p.json',
      '"arn:aws:sqs:*:*:Wipsie-*"',
    ),
    flaggedAt('another partition', send('arn:aws-cn:sqs:*:*:wipsie-*'), 'p.json', '"arn:aws-cn', {
      message: 'aws-cn',
    }),
    flaggedAt('a queue of the template with another name', GETATT, 'stack.yaml', 'Billing.Arn'),
    flaggedAt(
      'one AllowedValues entry outside',
      ALLOWED_VALUES,
      'stack.yaml',
      'arn:aws:sqs:*:*:${Env}',
    ),
  ],
});
